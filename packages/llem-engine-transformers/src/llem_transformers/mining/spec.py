"""What llem-miners reads in transformers to mine the engine's corpus (records only: no import
of transformers here). Each logits processor is its own target: its constructor's parameter is a
generation keyword under another name, and it exists only past the tests ``generate`` makes
before building it (the sampling warpers only when sampling)."""

from __future__ import annotations

from typing import Any

from llem.records import MinerSpec, MineTarget

LIBRARY = "transformers"
CONFIGURATION = "transformers.generation.configuration_utils"
PROCESSORS = "transformers.generation.logits_process"
MIXIN = "transformers.generation.utils:GenerationMixin"
SAMPLING = "transformers.sampling"
GENERATION = "transformers.generation"

# processor -> (its parameter -> the generation keyword, the guards under which
# GenerationMixin._get_logits_processor builds it). The guards are what that method tests before
# `processors.append(...)`: a check in a processor's constructor can only fire past them.
PROCESSORS_BUILT: dict[str, tuple[dict[str, str], dict[str, Any]]] = {
    "TemperatureLogitsWarper.__init__": (
        {"temperature": "temperature"},
        {f"{SAMPLING}.do_sample": True, f"{SAMPLING}.temperature": {"!=": 1.0}},
    ),
    "TopKLogitsWarper.__init__": (
        {"top_k": "top_k"},
        {f"{SAMPLING}.do_sample": True, f"{SAMPLING}.top_k": {"!=": 0}},
    ),
    "TopPLogitsWarper.__init__": (
        {"top_p": "top_p"},
        {f"{SAMPLING}.do_sample": True, f"{SAMPLING}.top_p": {"<": 1.0}},
    ),
    "MinPLogitsWarper.__init__": ({"min_p": "min_p"}, {f"{SAMPLING}.do_sample": True}),
    "TypicalLogitsWarper.__init__": (
        {"mass": "typical_p"},
        {f"{SAMPLING}.do_sample": True, f"{GENERATION}.typical_p": {"<": 1.0}},
    ),
    "TopHLogitsWarper.__init__": ({"top_h": "top_h"}, {f"{SAMPLING}.do_sample": True}),
    "RepetitionPenaltyLogitsProcessor.__init__": (
        {"penalty": "repetition_penalty"},
        {f"{SAMPLING}.repetition_penalty": {"!=": 1.0}},
    ),
    "EncoderRepetitionPenaltyLogitsProcessor.__init__": (
        {"penalty": "encoder_repetition_penalty"},
        {f"{GENERATION}.encoder_repetition_penalty": {"!=": 1.0}},
    ),
    "NoRepeatNGramLogitsProcessor.__init__": (
        {"ngram_size": "no_repeat_ngram_size"},
        {f"{GENERATION}.no_repeat_ngram_size": {">": 0}},
    ),
    "EncoderNoRepeatNGramLogitsProcessor.__init__": (
        {"encoder_ngram_size": "encoder_no_repeat_ngram_size"},
        {f"{GENERATION}.encoder_no_repeat_ngram_size": {">": 0}},
    ),
    "NoBadWordsLogitsProcessor._validate_arguments": ({"bad_word_ids": "bad_words_ids"}, {}),
    "SequenceBiasLogitsProcessor._validate_arguments": ({}, {}),
    "ForcedEOSTokenLogitsProcessor.__init__": ({"eos_token_id": "forced_eos_token_id"}, {}),
    "SuppressTokensAtBeginLogitsProcessor.__init__": (
        {"begin_suppress_tokens": "begin_suppress_tokens"},
        {},
    ),
    "ExponentialDecayLengthPenalty.__init__": (
        {"exponential_decay_length_penalty": "exponential_decay_length_penalty"},
        {},
    ),
    "WatermarkLogitsProcessor.__init__": (
        {
            name: f"watermarking_config.{name}"
            for name in ("greenlist_ratio", "context_width", "seeding_scheme")
        },
        {},
    ),
}


def processor_target(method: str, parameters: dict[str, str], guards: dict[str, Any]) -> MineTarget:
    return MineTarget(
        native_type="generate",
        code=(f"{PROCESSORS}:{method}",),
        subjects=("self",) if method.endswith("_validate_arguments") else (),
        parameters=parameters,
        guards=guards,
        only_named=True,
    )


GENERATE_CODE = tuple(
    f"{MIXIN}.{method}"
    for method in (
        "_prepare_generation_config",
        "_validate_generation_mode",
        "_get_stopping_criteria",
        "_expand_inputs_for_generation",
        "_get_deprecated_gen_repo",
    )
)

TARGETS = (
    MineTarget(
        native_type="GenerationConfig",
        code=(f"{CONFIGURATION}:GenerationConfig.validate",),
        severities=("error", "warn"),
        probe_tested=True,
    ),
    # The values validate() calls unused: whether they really are shows in what generate() does.
    MineTarget(
        native_type="generate",
        code=(f"{CONFIGURATION}:GenerationConfig.validate",),
        warn_sinks=("minor_issues",),
        severities=("dormant",),
    ),
    MineTarget(
        native_type="GenerationConfig",
        code=(f"{CONFIGURATION}:WatermarkingConfig.validate",),
        prefix="watermarking_config.",
    ),
    MineTarget(native_type="generate", code=GENERATE_CODE, subjects=("generation_config",)),
    # Which decoding method runs: its tests decide what generate() raises or ignores later (a
    # mode moved to the Hub, a flag the mode leaves unused), so the keywords they test are probed.
    MineTarget(
        native_type="generate",
        code=(f"{CONFIGURATION}:GenerationConfig.get_generation_mode",),
        probe_tested=True,
    ),
    # Methods generate() calls only in one mode: their checks hold only there.
    MineTarget(
        native_type="generate",
        code=(f"{MIXIN}.heal_tokens",),
        subjects=("generation_config",),
        guards={f"{GENERATION}.token_healing": True},
    ),
    MineTarget(
        native_type="generate",
        code=(f"{MIXIN}._beam_search",),
        subjects=("generation_config",),
        guards={f"{GENERATION}.num_beams": {">": 1}},
    ),
    MineTarget(
        native_type="generate",
        code=(f"{MIXIN}._assisted_decoding",),
        subjects=("generation_config",),
        guards={f"{GENERATION}.prompt_lookup_num_tokens": {"present": True}},
    ),
    # Which logits processors generate() builds: a keyword whose processor is left out has no
    # effect. The warpers act only when sampling, so every example samples. Each keyword it
    # tests is probed: what a processor does with a value of the wrong type shows only then.
    MineTarget(
        native_type="generate",
        code=(f"{MIXIN}._get_logits_processor",),
        subjects=("generation_config",),
        effect_sinks=("processors.append",),
        context={f"{SAMPLING}.do_sample": True},
        probe_tested=True,
    ),
    *(processor_target(method, *spec) for method, spec in PROCESSORS_BUILT.items()),
    MineTarget(
        native_type="BitsAndBytesConfig",
        code=(
            "transformers.utils.quantization_config:BitsAndBytesConfig.__init__",
            "transformers.utils.quantization_config:BitsAndBytesConfig.post_init",
        ),
    ),
)

MINER_SPEC = MinerSpec(
    name="transformers",
    library=LIBRARY,
    targets=TARGETS,
    replayer="llem_transformers.mining.replay:make_replayer",
    schema_discovery="llem_transformers.mining.schema_discovery:main",
    # What use_mtp does depends on the model (the replayer's tiny one has no MTP heads, so it
    # always raises): a rule mined from it would refuse models that have them.
    unprobed=("generate.use_mtp",),
    # Prompt lookup and early exit are speculative decoding: greedy's tokens, sooner. Their
    # conflicts (a static cache, no cache, beams) are mined; "changes nothing" is not.
    speed_only=("generate.prompt_lookup_num_tokens", "generate.assistant_early_exit"),
)

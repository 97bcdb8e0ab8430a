"""What llem-miners reads in transformers to mine the engine's corpus (records only: no import
of transformers here). Each logits processor is its own target: its constructor's parameter is a
generation keyword under another name, and the sampling warpers exist only when sampling."""

from __future__ import annotations

from llem.records import MinerSpec, MineTarget

LIBRARY = "transformers"
CONFIGURATION = "transformers.generation.configuration_utils"
PROCESSORS = "transformers.generation.logits_process"
GENERATION = "transformers.generation.utils:GenerationMixin"
SAMPLING = {"transformers.sampling.do_sample": True}
"""The warpers are built only when sampling (``_get_logits_processor``'s ``do_sample`` branch)."""

# processor -> (its parameter -> the generation keyword, built only when sampling)
PROCESSOR_KEYWORDS: dict[str, tuple[dict[str, str], bool]] = {
    "TemperatureLogitsWarper.__init__": ({"temperature": "temperature"}, True),
    "TopKLogitsWarper.__init__": ({"top_k": "top_k"}, True),
    "TopPLogitsWarper.__init__": ({"top_p": "top_p"}, True),
    "MinPLogitsWarper.__init__": ({"min_p": "min_p"}, True),
    "TypicalLogitsWarper.__init__": ({"mass": "typical_p"}, True),
    "TopHLogitsWarper.__init__": ({"top_h": "top_h"}, True),
    "RepetitionPenaltyLogitsProcessor.__init__": ({"penalty": "repetition_penalty"}, False),
    "EncoderRepetitionPenaltyLogitsProcessor.__init__": (
        {"penalty": "encoder_repetition_penalty"},
        False,
    ),
    "NoRepeatNGramLogitsProcessor.__init__": ({"ngram_size": "no_repeat_ngram_size"}, False),
    "EncoderNoRepeatNGramLogitsProcessor.__init__": (
        {"encoder_ngram_size": "encoder_no_repeat_ngram_size"},
        False,
    ),
    "NoBadWordsLogitsProcessor._validate_arguments": ({}, False),
    "SequenceBiasLogitsProcessor._validate_arguments": ({}, False),
    "ForcedEOSTokenLogitsProcessor.__init__": ({"eos_token_id": "forced_eos_token_id"}, False),
    "SuppressTokensAtBeginLogitsProcessor.__init__": ({}, False),
    "ExponentialDecayLengthPenalty.__init__": ({}, False),
    "WatermarkLogitsProcessor.__init__": (
        {name: f"watermarking_config.{name}" for name in ("greenlist_ratio", "context_width")},
        False,
    ),
}


def processor_target(method: str, parameters: dict[str, str], sampling: bool) -> MineTarget:
    return MineTarget(
        native_type="generate",
        code=(f"{PROCESSORS}:{method}",),
        subjects=("self",) if method.endswith("_validate_arguments") else (),
        parameters=parameters,
        guards=SAMPLING if sampling else {},
    )


GENERATE_CODE = tuple(
    f"{GENERATION}.{method}"
    for method in (
        "_get_logits_processor",
        "_prepare_generation_config",
        "_validate_generation_mode",
        "_get_stopping_criteria",
        "_expand_inputs_for_generation",
        "_get_deprecated_gen_repo",
        "_beam_search",
        "_assisted_decoding",
        "heal_tokens",
    )
)

TARGETS = (
    MineTarget(
        native_type="GenerationConfig",
        code=(f"{CONFIGURATION}:GenerationConfig.validate",),
        severities=("error", "warn"),
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
    MineTarget(
        native_type="generate",
        code=(*GENERATE_CODE, f"{CONFIGURATION}:GenerationConfig.get_generation_mode"),
        subjects=("generation_config",),
        effect_sinks=("processors.append",),
    ),
    *(processor_target(method, *spec) for method, spec in PROCESSOR_KEYWORDS.items()),
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
)

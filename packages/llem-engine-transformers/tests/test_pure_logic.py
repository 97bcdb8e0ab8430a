from __future__ import annotations

import pytest

from llem.errors import RuntimeMissingError
from llem_transformers.config import SamplingConfig
from llem_transformers.decoding import batches, sampling_kwargs
from llem_transformers.placement import resolve_device, resolve_dtype
from llem_transformers.timing import request_timing
from llem_transformers.tokens import as_token_ids, count_output_tokens

EOS = 2


class TestCountOutputTokens:
    def test_counts_up_to_and_including_the_first_stop_token(self) -> None:
        assert count_output_tokens([5, 6, EOS, EOS, EOS], {EOS}, fixed_length=False) == 3

    def test_a_request_that_never_stopped_counts_every_token(self) -> None:
        assert count_output_tokens([5, 6, 7], {EOS}, fixed_length=False) == 3

    def test_stop_token_first_counts_one(self) -> None:
        assert count_output_tokens([EOS, EOS], {EOS}, fixed_length=False) == 1

    def test_any_of_several_stop_ids_ends_the_request(self) -> None:
        assert count_output_tokens([5, 9, 6, EOS], {EOS, 9}, fixed_length=False) == 2

    def test_fixed_length_counts_every_generated_token(self) -> None:
        assert count_output_tokens([5, EOS, 6, EOS], {EOS}, fixed_length=True) == 4

    def test_without_stop_ids_every_token_counts(self) -> None:
        assert count_output_tokens([5, EOS, 6], (), fixed_length=False) == 3


@pytest.mark.parametrize(
    ("value", "expected"), [(None, ()), (2, (2,)), ([2, 7], (2, 7)), ((3,), (3,))]
)
def test_as_token_ids(
    value: int | list[int] | tuple[int, ...] | None, expected: tuple[int, ...]
) -> None:
    assert as_token_ids(value) == expected


class TestRequestTiming:
    STEPS = (10.5, 10.75, 11.0, 11.5)

    def test_request_that_ran_every_step(self) -> None:
        timing = request_timing(10.0, self.STEPS, output_tokens=4)
        assert timing.ttft_s == pytest.approx(0.5)
        assert timing.itl_s == pytest.approx((0.25, 0.25, 0.5))
        assert timing.e2e_s == pytest.approx(1.5)

    def test_request_that_stopped_early_ignores_later_steps(self) -> None:
        timing = request_timing(10.0, self.STEPS, output_tokens=2)
        assert timing.itl_s == pytest.approx((0.25,))
        assert timing.e2e_s == pytest.approx(0.75)

    def test_single_token_request_has_no_gaps_and_e2e_equals_ttft(self) -> None:
        timing = request_timing(10.0, self.STEPS, output_tokens=1)
        assert timing.itl_s == ()
        assert timing.e2e_s == timing.ttft_s == pytest.approx(0.5)

    @pytest.mark.parametrize("output_tokens", [0, 5])
    def test_token_count_outside_the_timed_steps_is_an_error(self, output_tokens: int) -> None:
        with pytest.raises(ValueError, match="steps were timed"):
            request_timing(10.0, self.STEPS, output_tokens)


class TestPlacement:
    @pytest.mark.parametrize(("cuda", "expected"), [(True, "cuda"), (False, "cpu")])
    def test_auto_device_follows_cuda_availability(self, cuda: bool, expected: str) -> None:
        assert resolve_device("auto", cuda_available=cuda) == expected

    def test_cuda_without_a_gpu_is_a_runtime_error(self) -> None:
        with pytest.raises(RuntimeMissingError, match="no CUDA device"):
            resolve_device("cuda", cuda_available=False)

    def test_cpu_is_honoured_with_a_gpu(self) -> None:
        assert resolve_device("cpu", cuda_available=True) == "cpu"

    @pytest.mark.parametrize(
        ("device", "bf16", "expected"),
        [("cpu", True, "float32"), ("cuda", True, "bfloat16"), ("cuda", False, "float16")],
    )
    def test_auto_dtype(self, device: str, bf16: bool, expected: str) -> None:
        assert resolve_dtype("auto", device, bf16_supported=bf16) == expected

    def test_explicit_dtype_is_kept(self) -> None:
        assert resolve_dtype("float16", "cpu", bf16_supported=False) == "float16"


class TestDecoding:
    def test_batches_keep_order_and_a_short_last_batch(self) -> None:
        assert [list(batch) for batch in batches([1, 2, 3, 4, 5], 2)] == [[1, 2], [3, 4], [5]]

    def test_greedy_passes_no_sampling_only_flags(self) -> None:
        kwargs = sampling_kwargs(SamplingConfig(temperature=0.5, top_k=5))
        assert kwargs == {"do_sample": False, "repetition_penalty": 1.0}

    def test_sampling_passes_neutral_values_for_unset_knobs(self) -> None:
        kwargs = sampling_kwargs(SamplingConfig(do_sample=True, temperature=0.7))
        assert kwargs == {
            "do_sample": True,
            "repetition_penalty": 1.0,
            "temperature": 0.7,
            "top_k": 0,
            "top_p": 1.0,
        }

    def test_sampling_passes_every_set_knob(self) -> None:
        sampling = SamplingConfig(
            do_sample=True, top_k=20, top_p=0.9, min_p=0.05, repetition_penalty=1.2
        )
        kwargs = sampling_kwargs(sampling)
        assert (kwargs["top_k"], kwargs["top_p"], kwargs["min_p"]) == (20, 0.9, 0.05)
        assert kwargs["repetition_penalty"] == 1.2


def test_zero_sampling_values_reach_the_library_as_zero_not_as_unset() -> None:
    from llem_transformers.config import SamplingConfig
    from llem_transformers.decoding import sampling_kwargs

    kwargs = sampling_kwargs(SamplingConfig(do_sample=True, top_p=0.0, repetition_penalty=0.0))
    assert (kwargs["top_p"], kwargs["repetition_penalty"]) == (0.0, 0.0)
    unset = sampling_kwargs(SamplingConfig(do_sample=True))
    assert (unset["top_p"], unset["top_k"], unset["repetition_penalty"]) == (1.0, 0, 1.0)

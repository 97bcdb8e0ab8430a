# mypy: ignore-errors
# ruff: noqa
"""Idioms copied in spirit from transformers' ``GenerationConfig.validate`` (5.x)."""

from __future__ import annotations

from typing import Any


def _should_warn(outer_attr: str, inner_attr: str, user_set_attributes: Any) -> bool:
    return user_set_attributes is None or inner_attr in user_set_attributes


class GenerationLikeConfig:
    def validate(self, strict: bool = False, user_set_attributes: Any = None) -> None:
        minor_issues = {}
        if self.early_stopping not in {None, True, False, "never"}:
            raise ValueError(  # L:g_early
                f"`early_stopping` must be a boolean or 'never', but is {self.early_stopping}."
            )
        if self.do_sample is not True:
            greedy_wrong_parameter_msg = (
                "`do_sample` is not set to `True`. However, `{flag_name}` is set to `{flag_value}` -- this flag is "
                "only used in sample-based generation modes. You should set `do_sample=True` or unset `{flag_name}`."
            )
            if (
                self.temperature is not None
                and self.temperature != 1.0
                and _should_warn("do_sample", "temperature", user_set_attributes)
            ):
                minor_issues["temperature"] = greedy_wrong_parameter_msg.format(  # L:g_temperature
                    flag_name="temperature", flag_value=self.temperature
                )
        if self.num_return_sequences is not None and self.num_return_sequences > 1:
            if self.num_beams is None or self.num_beams == 1:
                if not self.do_sample:
                    raise ValueError(  # L:g_greedy_nrs
                        "Greedy methods (do_sample != True) without beam search do not support "
                        f"`num_return_sequences` different than 1 (got {self.num_return_sequences})."
                    )
        if self.use_cache is False:
            no_cache_warning = (
                "You have not set `use_cache` to `True`, but {cache_arg} is set to {cache_arg_value}."
                "{cache_arg} will have no effect."
            )
            for arg_name in ("cache_implementation", "cache_config"):
                if getattr(self, arg_name) is not None:
                    minor_issues[arg_name] = no_cache_warning.format(  # L:g_no_cache
                        cache_arg=arg_name, cache_arg_value=getattr(self, arg_name)
                    )
        if self.return_dict_in_generate is not True:
            for extra_output_flag in self.extra_output_flags:
                if getattr(self, extra_output_flag) is True:
                    minor_issues[extra_output_flag] = (  # L:g_extra
                        f"`{extra_output_flag}` is ignored."
                    )
        if len(minor_issues) > 0 and strict:
            raise ValueError("GenerationConfig is invalid: \n" + str(minor_issues))  # L:g_strict

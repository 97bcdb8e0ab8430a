# ruff: noqa
# mypy: ignore-errors
"""A method whose docstring holds tab-indented lines, as transformers' heal_tokens does: its
source does not dedent on its own."""


class Healer:
    def heal(self, token_healing=False, tokenizer=None):
        """Heal.

        an example indented with tabs
        """
        if token_healing and tokenizer is None:  # L:heal
            raise ValueError("token healing needs a tokenizer")

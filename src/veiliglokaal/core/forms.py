"""Forms of core: none yet (its pages only read). Shared form helpers live in `accounts.forms.UtrechtFormMixin`."""

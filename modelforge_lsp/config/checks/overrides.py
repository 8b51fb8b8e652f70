"""Per-code severity overrides, read the same way from editor settings and the project file.

``{"MF301": "error", "MF304": "off"}``: a registered code (``codes.CODES``) to a severity name or
``"off"``. A bad entry is reported in ``problems`` and skipped alone, so one typo costs a warning,
never the other overrides.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Literal, cast, get_args

from modelforge_lsp.config.checks.codes import unknown_code_message
from modelforge_lsp.config.checks.findings import Severity

__all__ = ["SEVERITY_NAMES", "SeverityName", "parse_severity_names", "severity_overrides"]

SeverityName = Literal["error", "warning", "information", "hint", "off"]
SEVERITY_NAMES: tuple[str, ...] = get_args(SeverityName)


def parse_severity_names(
    value: Any, option: str, problems: list[str]
) -> Mapping[str, SeverityName]:
    """The valid entries of ``value``; raises ``ValueError`` when it is not a mapping at all."""
    if not isinstance(value, Mapping):
        raise ValueError(f"expected an object like {{'MF301': 'error'}}, got {value!r}")
    valid: dict[str, SeverityName] = {}
    for code, name in value.items():
        if (unknown := unknown_code_message(code)) is not None:
            problems.append(f"{option}.{code}: {unknown}")
        elif name not in SEVERITY_NAMES:
            problems.append(f"{option}.{code}: expected one of {', '.join(SEVERITY_NAMES)}")
        else:
            valid[code] = cast(SeverityName, name)
    return MappingProxyType(valid)


def severity_overrides(names: Mapping[str, SeverityName]) -> Mapping[str, Severity | None]:
    """What ``check`` applies: a ``Severity`` per code, ``None`` for a code turned off."""
    return MappingProxyType(
        {code: None if name == "off" else Severity[name.upper()] for code, name in names.items()}
    )

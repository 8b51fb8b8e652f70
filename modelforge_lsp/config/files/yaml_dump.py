"""Plain data to block-style YAML that means the same to every YAML reader, proven by reading
it back.

``dump_yaml`` writes mappings in their key order, and quotes every string a YAML 1.1 reader
(PyYAML: ``yes``, ``on``, ``1:30``) or a YAML 1.2 reader would take for something else, so the
file means the same to any library. ``verify_yaml`` parses the result with ``parse_document`` and
compares the tree with the data -- every key, value, type and the order -- raising
``MigrationError`` at the first difference.
"""

from __future__ import annotations

import io
import json
import math
import re
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from modelforge_lsp.config.syntax import parse_document, to_python
from modelforge_lsp.errors import MigrationError

__all__ = ["KeyPath", "dump_yaml", "format_path", "verify_yaml"]

KeyPath = tuple[str, ...]
_STR_TAG = "tag:yaml.org,2002:str"
_RESOLVERS = (VersionedResolver(version=(1, 1)), VersionedResolver(version=(1, 2)))
_YAML_ONLY_BREAKS = frozenset("\x85\u2028\u2029")
"""Line breaks to YAML 1.1 (and ruamel) but not to JSON: only an escape keeps them intact."""
_PLAIN_KEY = re.compile(r"[A-Za-z0-9_\-]+")


class _Null:
    """``None`` inside a list: written ``- null`` (ruamel would write a bare ``-``)."""


class _Representer(RoundTripRepresenter):
    """ruamel's round-trip representer, with floats every YAML reader takes for floats."""


def _represent_float(representer: RoundTripRepresenter, value: float) -> Any:
    if math.isnan(value):
        text = ".nan"
    elif math.isinf(value):
        text = ".inf" if value > 0 else "-.inf"
    else:
        text = repr(value)
        mantissa, exponent = (*text.split("e"), "")[:2]
        if "." not in mantissa:
            mantissa += ".0"  # YAML 1.1 needs the dot: ``1e-07`` would be read as a string
        text = f"{mantissa}e{exponent}" if exponent else mantissa
    return representer.represent_scalar("tag:yaml.org,2002:float", text)


def _represent_null(representer: RoundTripRepresenter, _: _Null) -> Any:
    return representer.represent_scalar("tag:yaml.org,2002:null", "null")


_Representer.add_representer(float, _represent_float)
_Representer.add_representer(_Null, _represent_null)


def _ambiguous(text: str) -> bool:
    """A YAML 1.1 or 1.2 reader would take this plain word for a non-string (bool, number...)."""
    return any(
        resolver.resolve(ScalarNode, text, (True, False)) != _STR_TAG for resolver in _RESOLVERS
    )


def _to_yaml(value: Any, *, in_list: bool = False) -> Any:
    if isinstance(value, dict):
        mapping = CommentedMap()
        for key, child in value.items():
            mapping[_string(key)] = _to_yaml(child)
        return mapping
    if isinstance(value, list):
        return CommentedSeq(_to_yaml(child, in_list=True) for child in value)
    if isinstance(value, str):
        return _string(value)
    if value is None and in_list:
        return _Null()
    return value


def _string(text: str) -> str:
    """``text``, double-quoted where a plain or single-quoted scalar would not say the same."""
    if _ambiguous(text) or any(char in _YAML_ONLY_BREAKS for char in text):
        quoted: str = DoubleQuotedScalarString(text)
        return quoted
    return text


def dump_yaml(data: dict[str, Any]) -> str:
    yaml = YAML(typ="rt", pure=True)
    yaml.Representer = _Representer
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 1_000_000  # never fold a long value across lines
    yaml.allow_unicode = True
    buffer = io.StringIO()
    yaml.dump(_to_yaml(data), buffer)
    return buffer.getvalue()


def _difference(expected: Any, actual: Any, path: KeyPath) -> KeyPath | None:
    """The first path where the two trees differ in keys, order, type or value."""
    if type(expected) is not type(actual) and not (
        isinstance(expected, dict) and isinstance(actual, dict)
    ):
        return path
    if isinstance(expected, dict):
        if list(expected) != list(actual):
            return path
        for key, child in expected.items():
            found = _difference(child, actual[key], (*path, key))
            if found is not None:
                return found
        return None
    if isinstance(expected, list):
        if len(expected) != len(actual):
            return path
        for index, (left, right) in enumerate(zip(expected, actual, strict=True)):
            found = _difference(left, right, (*path, f"[{index}]"))
            if found is not None:
                return found
        return None
    if isinstance(expected, float) and math.isnan(expected) and math.isnan(actual):
        return None
    return None if expected == actual else path


def verify_yaml(yaml_text: str, data: dict[str, Any]) -> None:
    document = parse_document(yaml_text)
    if document.syntax_errors or document.duplicate_keys or document.root is None:
        problem = document.syntax_errors[0].message if document.syntax_errors else "no data"
        raise MigrationError(f"internal error: the YAML written would not parse ({problem})")
    where = _difference(data, to_python(document.root), ())
    if where is not None:
        raise MigrationError(
            f"internal error: the YAML would not read back the same at {format_path(where)}; "
            "nothing was written (please report this with the JSON file)"
        )


def format_path(path: KeyPath) -> str:
    """``providers.openai.models."gpt-4.1"``: dotted, with unusual keys quoted."""
    if not path:
        return "(top level)"
    return ".".join(key if _PLAIN_KEY.fullmatch(key) else json.dumps(key) for key in path)

"""Run ModelForge's own registry on the config in the working directory; print what it built.

Started by ``conftest.build`` in a fresh process whose working directory is a project and whose
HOME is a temporary directory: the runtime reads ``./.model-forge/config.json`` (else the user
config) when its module is imported, so each config needs its own process. Prints one JSON
object: the chat model's class, model id, endpoint and key, or the error the runtime raised.
"""

from __future__ import annotations

import json
import sys
import warnings

warnings.simplefilter("ignore")

from modelforge.registry import ModelForgeRegistry  # noqa: E402 (after the warnings filter)


def _secret(value: object) -> str | None:
    reveal = getattr(value, "get_secret_value", None)
    return reveal() if callable(reveal) else None


def main() -> None:
    provider, alias = (sys.argv[1] or None), (sys.argv[2] or None)  # "": current_model
    try:
        llm = ModelForgeRegistry().get_llm(provider, alias, enhanced=False)
    except Exception as error:  # the runtime's refusal is the result under test
        print(json.dumps({"error": type(error).__name__, "message": str(error)}))
        return
    built = {
        "class": type(llm).__name__,
        "model": getattr(llm, "model_name", None) or getattr(llm, "model", None),
        "base_url": getattr(llm, "openai_api_base", None) or getattr(llm, "base_url", None),
        "api_key": _secret(getattr(llm, "openai_api_key", None)),
    }
    print(json.dumps(built))


if __name__ == "__main__":
    main()

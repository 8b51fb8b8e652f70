"""Run ModelForge's own registry on the config in the working directory; print what it built.

Started by ``conftest.build`` in a fresh process whose working directory is a project and whose
HOME is a temporary directory: the runtime reads ``./.model-forge/config.json`` (else the user
config) when its module is imported, so each config needs its own process. Prints, for each
``provider alias`` pair of arguments, the chat model's class, model id, endpoint and
key, or the error the runtime raised. ``base_url`` is what the runtime handed the model;
``endpoint`` is where the model's own client will send requests (the OpenAI SDK's resolved base
URL, Copilot's fixed URL, Google's host).
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


def _endpoint(llm: object) -> str | None:
    resolved = getattr(getattr(llm, "root_client", None), "base_url", None)
    if resolved is not None:  # ChatOpenAI: the openai SDK client it made resolved the URL
        return str(resolved)
    client = getattr(llm, "client", None)
    if isinstance(client, str):  # ChatGitHubCopilot keeps the URL it posts to here
        return client
    host = getattr(client, "api_endpoint", None)  # ChatGoogleGenerativeAI's gRPC/REST client
    if isinstance(host, str):
        return host
    base = getattr(llm, "base_url", None)  # ChatOllama
    return base if isinstance(base, str) else None


def build(provider: str | None, alias: str | None) -> dict[str, object]:
    """What a fresh ``ModelForgeRegistry`` (it reads the config) builds for one request."""
    try:
        llm = ModelForgeRegistry().get_llm(provider, alias, enhanced=False)
    except Exception as error:  # the runtime's refusal is the result under test
        return {"error": type(error).__name__, "message": str(error)}
    return {
        "class": type(llm).__name__,
        "model": getattr(llm, "model_name", None) or getattr(llm, "model", None),
        "base_url": getattr(llm, "openai_api_base", None) or getattr(llm, "base_url", None),
        "api_key": _secret(getattr(llm, "openai_api_key", None))
        or _secret(getattr(llm, "google_api_key", None)),
        "endpoint": _endpoint(llm),
    }


def main() -> None:
    """A JSON list, one result per ``provider alias`` pair of arguments (``""``: current_model),
    printed last and on one line: the runtime logs to stdout too."""
    arguments = sys.argv[1:]
    pairs = zip(arguments[::2], arguments[1::2], strict=True)
    print(json.dumps([build(provider or None, alias or None) for provider, alias in pairs]))


if __name__ == "__main__":
    main()

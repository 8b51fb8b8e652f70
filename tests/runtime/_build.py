"""Run ModelForge's own registry on the config in the working directory; print what it built.

Run by ``conftest.build_all`` in a fresh process whose working directory is a project and whose
HOME is a temporary directory: the runtime reads ``./.model-forge/config.json`` (else the user
config) when its module is imported, so each config needs its own process. ``--serve`` makes
those processes by forking one that has imported the runtime's dependencies already (~0.2 s a
build instead of ~3-5 s). Prints, for each
``provider alias`` pair of arguments, the chat model's class, model id, endpoint and
key, or the error the runtime raised. ``base_url`` is what the runtime handed the model;
``endpoint`` is where the model's own client will send requests (the OpenAI SDK's resolved base
URL, Copilot's fixed URL, Google's host).
"""

from __future__ import annotations

import importlib
import json
import os
import sys
import warnings

warnings.simplefilter("ignore")

_HEAVY = (
    "langchain_openai",
    "langchain_google_genai",
    "langchain_community.chat_models",
    "langchain_github_copilot",
    "requests",
)
"""What the runtime imports and does not read config in: imported once by ``--serve``."""


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
    from modelforge.registry import ModelForgeRegistry  # reads cwd and HOME when imported

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


def build_pairs(arguments: list[str]) -> list[dict[str, object]]:
    pairs = zip(arguments[::2], arguments[1::2], strict=True)
    return [build(provider or None, alias or None) for provider, alias in pairs]


def serve() -> None:
    """Fork server: import the runtime's heavy dependencies once, then for each request line
    (``{"cwd", "env", "arguments"}``) fork a child that takes that working directory and
    environment, imports ``modelforge`` afresh (it reads both at import) and builds. A child per
    request keeps every build as isolated as a new process, at a fraction of the start-up cost.
    Answers one JSON line per request on stdout."""
    for name in _HEAVY:
        try:
            importlib.import_module(name)
        except ImportError:
            pass
    for line in sys.stdin:
        request = json.loads(line)
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: becomes the requested process, then exits without cleanup
            os.close(read_end)
            os.dup2(os.open(os.devnull, os.O_RDONLY), 0)  # a key prompt reads EOF, not requests
            os.dup2(os.open(os.devnull, os.O_WRONLY), 1)  # the runtime logs to stdout
            os.chdir(request["cwd"])
            os.environ.clear()
            os.environ.update(request["env"])
            try:
                answer = json.dumps(build_pairs(request["arguments"]))
            except BaseException as error:  # report, never hang the parent
                answer = json.dumps({"crash": f"{type(error).__name__}: {error}"})
            os.write(write_end, answer.encode())
            os._exit(0)
        os.close(write_end)
        with os.fdopen(read_end, "rb") as pipe:
            answer_bytes = pipe.read()
        os.waitpid(pid, 0)
        sys.stdout.write(answer_bytes.decode() + "\n")
        sys.stdout.flush()


def main() -> None:
    """A JSON list, one result per ``provider alias`` pair of arguments (``""``: current_model),
    printed last and on one line: the runtime logs to stdout too. ``--serve``: see ``serve``."""
    if sys.argv[1:] == ["--serve"]:
        serve()
        return
    print(json.dumps(build_pairs(sys.argv[1:])))


if __name__ == "__main__":
    main()

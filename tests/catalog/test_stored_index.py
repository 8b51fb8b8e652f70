"""The search tables stored in the binary catalog rank exactly as the index built from the models.

``stored_index`` lets a warm process skip building the full-catalog ``SearchIndex``: its tables
come from the binary form. Here the stored tables equal the ones ``index_keys`` and ``KeyBits``
make, a catalog decoded from the binary form ranks as one parsed from the JSON (whose index is
built from the models) and as the brute-force ranking on many queries, the tables are used only
for the very models they were decoded with, and malformed tables are never used: the first
full-catalog search (which decodes them) makes its index from the models instead.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import random
from array import array
from collections.abc import Callable
from types import MappingProxyType
from typing import Any

import pytest

from modelforge_lsp.catalog import binary_cache, search_index, stored_index
from modelforge_lsp.catalog.binary_cache import BadBinary, decode, encode
from modelforge_lsp.catalog.index import FIRST_PARTY_PROVIDERS, Catalog, ModelFilter, SortOrder
from modelforge_lsp.catalog.key_bits import KeyBits
from modelforge_lsp.catalog.models import ModelInfo, ParsedCatalog, ProviderInfo
from modelforge_lsp.catalog.search_keys import index_keys, normalize_query
from tests.catalog.test_search_index import FIXED, _mangle, brute_force

SOURCE = hashlib.sha256(b"the source").digest()


@pytest.fixture(scope="module")
def blob(full_parsed: ParsedCatalog) -> bytes:
    return encode(full_parsed, SOURCE)


def decoded_catalog(blob: bytes) -> Catalog:
    """A catalog over a fresh decode of ``blob``, as a warm start makes it."""
    parsed = decode(blob, SOURCE).catalog
    return Catalog(parsed.providers, search_tables=parsed.search_tables)


def no_building(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail loudly if a search index is built from its models."""

    def refuse(*_: object) -> None:
        raise AssertionError("the index was built from the models")

    monkeypatch.setattr(search_index, "index_keys", refuse)


def _ids(catalog: Catalog, query: str, **options: Any) -> list[tuple[str, str]]:
    return [(m.provider_id, m.id) for m in catalog.search(query, **options)]


def test_the_stored_tables_are_the_ones_built_from_the_models(full_parsed: ParsedCatalog) -> None:
    models, makers = binary_cache._search_order(full_parsed.providers)
    data = marshal.loads(marshal.dumps(stored_index.encode(models, makers)))
    stored = stored_index.decode(data, models, makers)
    assert stored.keys == index_keys(models, makers)
    fresh = KeyBits(stored.keys.keys, prebuild_from=stored_index.FEW_KEYS)
    assert stored.masks == fresh.prebuilt()
    assert len(stored.masks) > 30  # the full catalog's keys: every character's bits are kept


def test_a_warm_catalog_uses_the_stored_tables(
    blob: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalog = decoded_catalog(blob)
    no_building(monkeypatch)
    assert _ids(catalog, "gpt", limit=3)


def test_other_models_build_their_own_index(
    blob: bytes, full_parsed: ParsedCatalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Equal but other objects (the JSON's), an extended catalog: never the stored tables."""
    decoded = decode(blob, SOURCE).catalog
    model = ModelInfo("mine", "my-model", "My model")
    mine = ProviderInfo(id="mine", name="Mine", models=MappingProxyType({model.id: model}))
    no_building(monkeypatch)
    tables = decoded.search_tables
    assert tables is not None
    other = (
        Catalog(full_parsed.providers, search_tables=tables),
        Catalog((*decoded.providers, mine), search_tables=tables),
    )
    for catalog in other:
        with pytest.raises(AssertionError, match="built from the models"):
            catalog.search("gpt")


def test_the_tables_reach_only_the_catalog_given_them(
    blob: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No hand-off beside the data: the decoded models without their tables build an index."""
    providers = decode(blob, SOURCE).catalog.providers
    no_building(monkeypatch)
    with pytest.raises(AssertionError, match="built from the models"):
        Catalog(providers).search("gpt")


def test_a_warm_catalog_ranks_as_the_built_index_on_many_queries(
    blob: bytes, full_parsed: ParsedCatalog
) -> None:
    """Old (built from the models) and new (stored tables) index, 400 queries each way."""
    built, warm = Catalog(full_parsed.providers), decoded_catalog(blob)
    rng = random.Random(23)
    words = sorted({text for m in built.models() for text in (m.id, m.name)})
    queries = [*FIXED, *(_mangle(rng, rng.choice(words)) for _ in range(360))]
    for query in queries:
        limit = rng.choice([1, 3, 10, 20, 50])
        assert _ids(warm, query, limit=limit) == _ids(built, query, limit=limit), query


@pytest.mark.parametrize("sort", ["relevance", "price", "context", "recent"])
@pytest.mark.parametrize("query", ["", "gpt", "claude sonet 4.5", "llama 70b", "o3", "g"])
def test_a_warm_catalog_matches_brute_force(blob: bytes, sort: SortOrder, query: str) -> None:
    warm = decoded_catalog(blob)
    filters = ModelFilter(status="active") if sort == "price" else None
    expected = brute_force(warm, query, limit=12, filters=filters, sort=sort)
    found = warm.search(query, limit=12, filters=filters, sort=sort)
    assert [(m.provider_id, m.id) for m in found] == [(m.provider_id, m.id) for m in expected]


def test_each_query_key_is_the_normalised_text(blob: bytes) -> None:
    """The stored keys are ``normalize_query`` of every id (after its last ``/``) and name."""
    catalog = decode(blob, SOURCE).catalog
    models, makers = binary_cache._search_order(catalog.providers)
    assert catalog.search_tables is not None
    stored = catalog.search_tables.decoded_for(models, makers)
    assert stored is not None
    texts = {t for m in models for t in (m.id.rsplit("/", 1)[-1], m.name)}
    assert set(stored.keys.keys) == {normalize_query(t) for t in texts}


def _forged(blob: bytes, change: Callable[[list[Any]], None], makers: Any = None) -> bytes:
    """``blob`` with its search tables changed by ``change`` (and its makers by ``makers``),
    behind a sound header: only the shape checks stand in the way."""
    providers, skipped, extra, (kept, tables) = marshal.loads(blob[binary_cache._HEADER.size :])
    altered = list(tables)
    change(altered)
    search = (kept if makers is None else makers, tuple(altered))
    body = marshal.dumps((providers, skipped, extra, search))
    header = binary_cache._HEADER.pack(
        binary_cache._MAGIC,
        binary_cache.FORMAT_VERSION,
        marshal.version,
        SOURCE,
        len(body),
        hashlib.blake2b(body, digest_size=32).digest(),
    )
    return header + body


_LAYOUT, _KEYS, _ORDER, _ID_OF, _NAME_OF, _STANDING, _HOLDERS, _STARTS, _MASKS = range(9)


def _set(at: int, value: Callable[[Any], Any]) -> Callable[[list[Any]], None]:
    """Change table ``at`` to ``value`` of it."""

    def change(tables: list[Any]) -> None:
        tables[at] = value(tables[at])

    return change


def _renumber(at: int, value: Callable[[list[int]], list[int]]) -> Callable[[list[Any]], None]:
    """Change the numbers of table ``at`` (stored as an array's bytes) to ``value`` of them."""
    return _set(at, lambda packed: array("i", value(array("i", packed).tolist())).tobytes())


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(_set(_LAYOUT, lambda _: "big-endian, 8-byte"), id="other-layout"),
        pytest.param(_set(_KEYS, lambda keys: keys[::-1]), id="keys-longest-first"),
        pytest.param(_set(_KEYS, lambda keys: (*keys[:-1], 7)), id="key-not-text"),
        pytest.param(_set(_ORDER, lambda order: [*order]), id="order-not-bytes"),
        pytest.param(_set(_ORDER, lambda order: order[:-1]), id="order-cut-mid-number"),
        pytest.param(_renumber(_ORDER, lambda o: [*o[:-1], o[0]]), id="order-repeats"),
        pytest.param(_renumber(_ID_OF, lambda id_of: [*id_of[:-1], 10**6]), id="id-out-of-range"),
        pytest.param(_renumber(_NAME_OF, lambda name_of: name_of[:-1]), id="name-keys-short"),
        pytest.param(_renumber(_STANDING, lambda standing: standing[1:]), id="standings-short"),
        pytest.param(
            _renumber(_STANDING, lambda standing: [*standing[:-1], 10**6]), id="standing-not-a-rank"
        ),
        pytest.param(_renumber(_HOLDERS, lambda holders: [-1, *holders[1:]]), id="holder-negative"),
        pytest.param(_renumber(_STARTS, lambda starts: [1, *starts[1:]]), id="runs-not-from-0"),
        pytest.param(
            _renumber(_STARTS, lambda s: [s[0], s[2], s[1], *s[3:]]), id="runs-not-in-order"
        ),
        pytest.param(_set(_MASKS, lambda masks: ((masks[0][0], 1 << 10**5),)), id="mask-too-wide"),
        pytest.param(_set(_MASKS, lambda masks: (("ab", 1),)), id="mask-of-two-chars"),
        pytest.param(lambda tables: tables.pop(), id="table-missing"),
    ],
)
def test_malformed_tables_are_not_used(
    change: Callable[[list[Any]], None],
    blob: bytes,
    full_parsed: ParsedCatalog,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The models are read (the tables are decoded by the first full-catalog search, not with
    them), the tables are found wrong then and said so, and that search ranks as an index
    built from the models."""
    parsed = decode(_forged(blob, change), SOURCE).catalog
    assert parsed.search_tables is not None
    forged = Catalog(parsed.providers, search_tables=parsed.search_tables)
    built = Catalog(full_parsed.providers)
    with caplog.at_level(logging.INFO, logger="modelforge_lsp.catalog.stored_index"):
        for query in ("gpt", "claude sonet 4.5", "o3"):
            assert _ids(forged, query) == _ids(built, query)
    assert [r.message for r in caplog.records if "not usable" in r.message] != []


def test_only_a_full_catalog_search_decodes_the_tables(
    blob: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reading the catalog and ranking one provider's models decode nothing (the server's
    whole use of a catalog); the first full-catalog search decodes them once, and they are
    used."""
    decodes: list[object] = []
    real = stored_index.decode

    def counted(*args: Any) -> stored_index.StoredIndex:
        decodes.append(args)
        return real(*args)

    monkeypatch.setattr(stored_index, "decode", counted)
    catalog = decoded_catalog(blob)
    assert catalog.search("gpt 4o", provider="openai") and catalog.search("claude", "anthropic")
    assert decodes == []
    no_building(monkeypatch)  # the full-catalog index comes from the tables, not the models
    assert catalog.search("gpt 4o") and catalog.search("claude sonet")
    assert len(decodes) == 1


def test_tables_ranked_with_other_makers_are_refused(blob: bytes) -> None:
    makers = tuple(sorted(FIRST_PARTY_PROVIDERS - {"openai"}))
    with pytest.raises(BadBinary, match="makers"):
        decode(_forged(blob, lambda tables: None, makers), SOURCE)

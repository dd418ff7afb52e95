"""The WACZ a capture writes, judged by Webrecorder's own tools: py-wacz's validator (``wacz validate``) accepts it
and refuses it once tampered with, its CDXJ index is the one cdxj-indexer makes of its WARC, and a capture
reference opens its record. The crawls that write such files are in test_capture and test_archive_crawls."""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import io
import json
import warnings
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from warcio.archiveiterator import ArchiveIterator

from inbound_spiders.archives import ArchiveIndex
from inbound_spiders.capture import (
    INDEX_MEMBER,
    PAGES_MEMBER,
    RENDERED_PREFIX,
    WARC_MEMBER,
    WaczWriter,
    parse_capture_reference,
    surt,
)

SITE = "http://127.0.0.1:8017"
HTML = [("Content-Type", "text/html; charset=utf-8")]
ARCHIVED_AT = datetime(2017, 2, 18, 9, 30, tzinfo=UTC)
SNAPSHOT = f"https://web.archive.org/web/20170218093000id_/{SITE}/conseil-citoyen/"


def wacz_validation(wacz: Path) -> tuple[int, str]:
    """``wacz validate -f <wacz>`` (py-wacz, the format's reference implementation): its exit code and output."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # its AMF dependency imports the deprecated pkg_resources
        from wacz.main import main

    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        code = main(["validate", "-f", str(wacz)])
    return code, output.getvalue()


def index_lines(package: zipfile.ZipFile) -> list[tuple[str, str, dict[str, Any]]]:
    lines = package.read(INDEX_MEMBER).decode().splitlines()
    return [(key, timestamp, json.loads(fields)) for key, timestamp, fields in (line.split(" ", 2) for line in lines)]


def reference_index(package: zipfile.ZipFile, folder: Path) -> list[tuple[str, str, dict[str, Any]]]:
    """The CDXJ index cdxj-indexer (pywb's indexer, which py-wacz packages with) makes of the WACZ's WARC."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from cdxj_indexer.main import main

    warc, index = folder / Path(WARC_MEMBER).name, folder / "reference.cdxj"
    warc.write_bytes(package.read(WARC_MEMBER))
    main([str(warc), "-o", str(index)])
    lines = index.read_text().splitlines()
    return [(key, timestamp, json.loads(fields)) for key, timestamp, fields in (line.split(" ", 2) for line in lines)]


def record_at(package: zipfile.ZipFile, offset: int, length: int) -> Any:
    """The WARC record ``length`` bytes at ``offset`` of the WACZ's WARC (one gzip member), read by warcio."""
    with package.open(WARC_MEMBER) as stream:
        data = stream.read()
    chunk = data[offset : offset + length]
    gzip.decompress(chunk)  # exactly one whole gzip member: the index's length is the record's
    record = next(iter(ArchiveIterator(io.BytesIO(chunk))))
    record.body = record.content_stream().read()
    return record


def open_reference(reference: str) -> Any:
    """The record a finding's capture reference names, found as a replay tool finds it: the WACZ it names, the one
    index line of its URL and time, the record at that line's offset."""
    wacz, url, timestamp = parse_capture_reference(reference)
    with zipfile.ZipFile(wacz) as package:
        [fields] = [fields for _, ts, fields in index_lines(package) if (fields["url"], ts) == (url, timestamp)]
        return record_at(package, int(fields["offset"]), int(fields["length"]))


def served_file(folder: Path, url: str) -> bytes:
    """The file of a static site ``folder`` that ``url`` serves (a folder's ``index.html``)."""
    path = folder / unquote(urlsplit(url).path).lstrip("/")
    return (path / "index.html" if path.is_dir() else path).read_bytes()


def assert_valid_evidence(wacz: Path, documents: list[dict[str, Any]], folder: Path) -> dict[tuple[str, str], Any]:
    """``wacz`` passes py-wacz's validation, and every finding's capture reference names it and opens the record of
    the finding's page, whose body is the page as the site ``folder`` served it (a rendered page: its DOM record,
    which holds what the finding says). The records by ``(URL, timestamp)``."""
    code, output = wacz_validation(wacz)
    assert code == 0 and "Validation succeeded" in output, output
    with zipfile.ZipFile(wacz) as package:
        records = {
            (fields["url"], timestamp): record_at(package, int(fields["offset"]), int(fields["length"]))
            for _, timestamp, fields in index_lines(package)
        }
    assert documents
    for document in documents:
        assert document.get("capture"), f"a {document['kind']} finding of {document['page_url']} has no capture"
        path, url, timestamp = parse_capture_reference(document["capture"])
        record = open_reference(document["capture"])
        assert path == wacz and records[(url, timestamp)].body == record.body, document["capture"]
        assert record.rec_headers.get_header("WARC-Target-URI") == url
        if url.startswith(RENDERED_PREFIX):
            assert url == RENDERED_PREFIX + document["page_url"] and record.rec_type == "resource"
        else:
            assert url == document["page_url"] and record.http_headers.get_statuscode() == "200"
            assert record.body == served_file(folder, url), url
    return records


def test_surt_keys_are_those_replay_looks_up() -> None:
    assert surt("https://www.Example.org:8080/A?b=2&a=1") == "org,example:8080)/a?a=1&b=2"
    assert surt("http://www2.example.org/") == "org,example)/"
    assert surt("http://127.0.0.1:8017/") == "1,0,0,127:8017)/"
    assert surt(RENDERED_PREFIX + "http://x.org/") == RENDERED_PREFIX + "http://x.org/"


def test_a_capture_validates_and_its_index_is_the_reference_one(tmp_path: Path) -> None:
    wacz = tmp_path / "run.wacz"
    writer = WaczWriter(wacz)
    home = writer.write(f"{SITE}/", 200, HTML, b"<html><title>Home</title><a href='/a/'>a</a></html>")
    writer.write(f"{SITE}/style.css?v=2&a=1", 200, [("Content-Type", "text/css")], b"body{}")
    writer.write(f"{SITE}/old/", 301, [("Location", f"{SITE}/a/"), ("Transfer-Encoding", "chunked")], b"")
    # A page an archive served: dated when it was captured, with where it was read.
    council_body = b"<html><title>Conseil</title><span class=count>221</span></html>"
    council = writer.write(
        f"{SITE}/conseil-citoyen/", 200, HTML, council_body, archived_at=ARCHIVED_AT, source=SNAPSHOT
    )
    dom = writer.write(f"{SITE}/", 200, HTML, b"<html><body>rendered</body></html>", rendered=True)
    summary = writer.close()
    assert (summary["records"], summary["pages"]) == (5, 2)

    code, output = wacz_validation(wacz)
    assert code == 0 and "Validation succeeded" in output, output

    with zipfile.ZipFile(wacz) as package:
        ours, theirs = index_lines(package), reference_index(package, tmp_path)
        # The same records at the same offsets, lengths, digests, statuses and types (the resource record without a
        # status); the keys are ReplayWeb.page's (pywb's also drop a path's last slash), and the lines sorted.
        assert sorted((ts, json.dumps(fields)) for _, ts, fields in ours) == sorted(
            (ts, json.dumps(fields)) for _, ts, fields in theirs
        )
        assert all(key == surt(fields["url"]) for key, _, fields in ours)
        assert {key.rstrip("/") for key, _, _ in ours} == {key.rstrip("/") for key, _, _ in theirs}
        lines = package.read(INDEX_MEMBER).decode().splitlines()
        assert lines == sorted(lines)

        datapackage = json.loads(package.read("datapackage.json"))
        header, *pages = [json.loads(line) for line in package.read(PAGES_MEMBER).decode().splitlines()]
        assert header["format"] == "json-pages-1.0"
        dates = {page["url"]: page["ts"] for page in pages}
        assert dates[f"{SITE}/conseil-citoyen/"] == "2017-02-18T09:30:00Z"
        assert (datapackage["mainPageUrl"], datapackage["mainPageDate"]) == (f"{SITE}/", dates[f"{SITE}/"])
        digest = json.loads(package.read("datapackage-digest.json"))
        manifest_hash = hashlib.sha256(package.read("datapackage.json")).hexdigest()
        assert digest == {"path": "datapackage.json", "hash": f"sha256:{manifest_hash}"}

    # Each reference opens its own record: the archived page as it was, when the archive captured it, and where from.
    record = open_reference(council)
    assert parse_capture_reference(council)[2] == "20170218093000"
    assert (record.rec_headers.get_header("WARC-Date"), record.body) == ("2017-02-18T09:30:00Z", council_body)
    assert record.rec_headers.get_header("WARC-Source-URI") == SNAPSHOT
    assert record.rec_headers.get_header("WARC-Creation-Date") > "2026"
    assert open_reference(home).rec_headers.get_header("WARC-Source-URI") is None
    assert open_reference(dom).rec_type == "resource" and open_reference(dom).body.endswith(b"rendered</body></html>")

    # The evidence can itself be audited again as of its capture date.
    index = ArchiveIndex.build((wacz,))
    ref = index.lookup(f"{SITE}/conseil-citoyen/", None)
    assert ref is not None and ref.capture.archived_at == ARCHIVED_AT and index.read(ref)[2] == council_body


def test_the_validator_refuses_a_tampered_capture(tmp_path: Path) -> None:
    wacz, tampered = tmp_path / "run.wacz", tmp_path / "tampered.wacz"
    writer = WaczWriter(wacz)
    writer.write(f"{SITE}/", 200, HTML, b"<html><title>Home</title></html>")
    writer.close()
    with zipfile.ZipFile(wacz) as package, zipfile.ZipFile(tampered, "w") as copy:
        for info in package.infolist():
            data = package.read(info)
            if info.filename == PAGES_MEMBER:
                data = data.replace(b"Home", b"Homme")
            copy.writestr(info, data)
    assert wacz_validation(wacz)[0] == 0
    code, output = wacz_validation(tampered)
    assert code == 1 and "hash-count" in output and "Validation failed" in output, output

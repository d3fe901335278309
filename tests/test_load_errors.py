"""Files that cannot be loaded: one clear line naming the file and the reason."""

from __future__ import annotations

import io
import pickle
import subprocess
import sys
import zipfile

import pytest
from formats import (SAMPLE_BLOCKS, make_docx, make_docx_bomb, make_image_pdf, make_lying_docx_bomb, make_pdf,
                     make_pdf_flate_bomb, render_text, zip_bytes)

from planwatch.load import MAX_TEXT_BYTES, Limits, LoadError, read_bytes, read_path
from planwatch.load.limits import MB

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def error_of(path, **kwargs) -> str:
    with pytest.raises(LoadError) as caught:
        read_path(path, **kwargs)
    assert caught.value.path == str(path)
    return str(caught.value)


def test_load_error_is_path_colon_reason_and_survives_pickling():
    error = LoadError("reports/a.pdf", "the PDF is encrypted")
    assert (str(error), error.path, error.reason) == ("reports/a.pdf: the PDF is encrypted", "reports/a.pdf", "the PDF is encrypted")
    assert str(pickle.loads(pickle.dumps(error))) == str(error)


def test_empty_file(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert error_of(path) == f"{path}: the file is empty"


def test_blank_text_file(tmp_path):
    path = tmp_path / "blank.txt"
    path.write_bytes(" \r\n\t\u3000\n".encode("utf-8"))
    assert error_of(path) == f"{path}: the file has no text, only blank space"


def test_truncated_pdf(tmp_path):
    data = make_pdf(render_text(SAMPLE_BLOCKS), tmp_path / "whole.pdf").read_bytes()
    path = tmp_path / "truncated.pdf"
    path.write_bytes(data[: len(data) // 2])
    assert error_of(path) == f"{path}: the PDF is damaged or truncated"


def test_encrypted_pdf(tmp_path):
    path = make_pdf(render_text(SAMPLE_BLOCKS), tmp_path / "secret.pdf", encrypt="user-password")
    assert error_of(path) == f"{path}: the PDF is encrypted (it needs a password to open)"


def test_image_only_pdf(tmp_path):
    path = make_image_pdf(tmp_path / "scan.pdf")
    assert error_of(path) == f"{path}: no text layer; scanned images need OCR"


def test_docx_zip_bomb_is_refused_from_the_zip_directory_alone(tmp_path, monkeypatch):
    path = make_docx_bomb(tmp_path / "bomb.docx", uncompressed_bytes=64 * MB)
    assert path.stat().st_size < MB

    def no_decompressing(*args, **kwargs):
        raise AssertionError("a member was opened")

    monkeypatch.setattr(zipfile.ZipFile, "open", no_decompressing)
    message = error_of(path)
    assert message.startswith(f"{path}: part word/document.xml is compressed ")
    assert message.endswith(" to 1, over the 100 to 1 limit (possibly a zip bomb)")


# The peak resident memory of this process since it started (VmHWM: ru_maxrss would also count the memory
# of the test process it was forked from, which Linux carries across exec).
PEAK_RSS = """
import re, sys
from planwatch.load import LoadError, read_path
try:
    read_path(sys.argv[1])
    print("loaded")
except LoadError as error:
    print(error)
status = open("/proc/self/status").read()
print(int(re.search(r"VmHWM:\\s*(\\d+) kB", status).group(1)) * 1024)
"""


def test_a_zip_bomb_that_lies_about_its_size_fails_in_little_memory(tmp_path):
    """1 GiB of zeros declared as 50,000 bytes: the directory's check passes, unpacking as a stream stops it."""
    path = make_lying_docx_bomb(tmp_path / "liar.docx")
    assert path.stat().st_size < 2 * MB
    run = subprocess.run([sys.executable, "-c", PEAK_RSS, str(path)], capture_output=True, text=True, timeout=300)
    message, peak = run.stdout.splitlines()
    assert message == (f"{path}: the Word document is damaged or lies about its sizes "
                       "(Bad CRC-32 for file 'word/document.xml')"), run.stderr
    assert int(peak) < 300 * MB


def test_a_pdf_whose_content_stream_is_a_flate_bomb_fails_in_little_memory(tmp_path):
    path = make_pdf_flate_bomb(tmp_path / "bomb.pdf")
    assert path.stat().st_size < 2 * MB
    run = subprocess.run([sys.executable, "-c", PEAK_RSS, str(path)], capture_output=True, text=True, timeout=300)
    message, peak = run.stdout.splitlines()
    assert message == (f"{path}: a compressed stream of the PDF unpacks to more than 100 MB, over the limit "
                       "(possibly a zip bomb)"), run.stderr
    assert int(peak) < 300 * MB


def test_the_pdf_stream_limits_count_every_stream_text_extraction_reads(tmp_path):
    path = make_pdf_flate_bomb(tmp_path / "small.pdf", inflated_bytes=2 * MB)
    assert read_path(path).text.strip() == "GDP 5%"
    message = error_of(path, limits=Limits(max_pdf_unpacked_bytes=MB))
    assert message == f"{path}: the PDF's compressed streams unpack to more than 1 MB, over the limit (possibly a zip bomb)"


def test_parts_are_unpacked_under_the_limit_on_bytes_produced(tmp_path, monkeypatch):
    """A directory that understates every size cannot get past the limits: they count what comes out."""
    path = make_docx(SAMPLE_BLOCKS, (), tmp_path / "report.docx")
    monkeypatch.setattr("planwatch.load.docx.check_zip", lambda data, limits: None)  # as if the directory lied
    message = error_of(path, limits=Limits(max_docx_unpacked_bytes=10_000))
    assert message == f"{path}: unpacks to more than 9.8 kB, over the limit (possibly a zip bomb)"


def test_docx_over_the_unpacked_size_limit(tmp_path):
    path = make_docx(SAMPLE_BLOCKS, (), tmp_path / "report.docx")
    message = error_of(path, limits=Limits(max_docx_unpacked_bytes=10_000))
    assert message.startswith(f"{path}: would unpack to ")
    assert message.endswith("over the 9.8 kB limit (possibly a zip bomb)")


def test_a_zip_that_is_not_a_word_document(tmp_path):
    path = tmp_path / "annex.docx"
    path.write_bytes(zip_bytes({"xl/workbook.xml": b"<workbook/>", "[Content_Types].xml": b"<Types/>"}))
    assert error_of(path) == f"{path}: an Excel workbook, not a Word .docx document"


def test_a_word_template_is_named_as_such(tmp_path):
    data = make_docx(SAMPLE_BLOCKS, (), tmp_path / "ok.docx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        members = {name: source.read(name) for name in source.namelist()}
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(
        b"wordprocessingml.document.main+xml", b"wordprocessingml.template.main+xml"
    )
    path = tmp_path / "form.dotx"
    path.write_bytes(zip_bytes(members))
    assert error_of(path) == f"{path}: a Word template or macro-enabled document; save it as .docx"


def test_a_word_document_whose_content_types_lack_their_namespace_is_damaged(tmp_path):
    data = make_docx(SAMPLE_BLOCKS, (), tmp_path / "ok.docx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        members = {name: source.read(name) for name in source.namelist()}
    members["[Content_Types].xml"] = b"<Types/>"  # python-docx raised AttributeError on it
    path = tmp_path / "bare.docx"
    path.write_bytes(zip_bytes(members))
    assert error_of(path).startswith(f"{path}: the Word document is damaged (")


def test_a_damaged_zip(tmp_path):
    data = make_docx(SAMPLE_BLOCKS, (), tmp_path / "ok.docx").read_bytes()
    path = tmp_path / "cut.docx"
    path.write_bytes(data[: len(data) // 2])
    assert error_of(path) == f"{path}: the Word document is damaged (not a valid ZIP archive)"


def test_old_word_doc(tmp_path):
    path = tmp_path / "plan.doc"
    path.write_bytes(OLE2 + bytes(4088))
    assert error_of(path) == f"{path}: old Word .doc format; save as .docx"


def test_password_protected_word_file(tmp_path):
    path = tmp_path / "plan.docx"
    path.write_bytes(OLE2 + bytes(5000) + "EncryptedPackage".encode("utf-16-le") + bytes(100))
    assert error_of(path) == f"{path}: the Office document is password-protected"


def test_rtf_named_doc(tmp_path):
    path = tmp_path / "plan.doc"
    path.write_bytes(rb"{\rtf1\ansi\ansicpg936 \f0 2024\'c4\'ea}")
    assert error_of(path) == f"{path}: an RTF document; save it as .docx"


def test_image_and_garbage(tmp_path):
    image = tmp_path / "chart.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    assert error_of(image) == f"{image}: a PNG image, not a text, HTML, PDF or Word document"
    garbage = tmp_path / "x.bin"
    garbage.write_bytes(bytes(range(256)) * 4)
    assert error_of(garbage) == f"{garbage}: not a text, HTML, PDF or Word document"


def test_text_file_over_the_limit_is_refused_without_being_read(tmp_path, monkeypatch):
    path = tmp_path / "big.txt"
    with path.open("wb") as f:  # sparse: costs no disk and no time
        f.write("增长".encode("utf-8"))
        f.truncate(int(52.4 * MB))
    monkeypatch.setattr("planwatch.load.read.read_bytes", lambda *a, **k: pytest.fail("the file was read"))
    assert error_of(path) == f"{path}: file is 52.4 MB, over the 20 MB limit"


def test_each_format_has_its_own_size_limit(tmp_path):
    pdf = tmp_path / "big.pdf"
    with pdf.open("wb") as f:
        f.write(b"%PDF-1.4\n")
        f.truncate(60 * MB)
    assert error_of(pdf) == f"{pdf}: file is 60 MB, over the 50 MB limit"
    text = tmp_path / "medium.txt"
    with text.open("wb") as f:
        f.write(b"abc")
        f.truncate(MAX_TEXT_BYTES + 1)
    assert error_of(text) == f"{text}: file is 20,971,521 bytes, over the 20,971,520-byte limit"


def test_limits_are_overridable_by_argument(tmp_path):
    path = tmp_path / "note.txt"
    path.write_text("地区生产总值增长6%左右。\n" * 20, encoding="utf-8")
    assert error_of(path, limits=Limits(max_text_bytes=100)) == f"{path}: file is 720 bytes, over the 100 bytes limit"
    with pytest.raises(LoadError, match="^note.txt: file is 720 bytes"):
        read_bytes(path.read_bytes(), "note.txt", limits=Limits(max_text_bytes=100))


def test_missing_file_and_folder_given_as_file(tmp_path):
    assert error_of(tmp_path / "nope.txt") == f"{tmp_path / 'nope.txt'}: no such file or folder"
    assert error_of(tmp_path) == f"{tmp_path}: is a folder, not a file"

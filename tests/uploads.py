"""Files for upload tests: small but real, so the portal's content checks see the real thing."""

import io
import zipfile

_OFFICE_FOLDERS = {
    ".docx": "word/document.xml",
    ".xlsx": "xl/workbook.xml",
    ".pptx": "ppt/presentation.xml",
}


def office_bytes(extension: str) -> bytes:
    """A minimal Office Open XML package of the kind named by its extension."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(_OFFICE_FOLDERS[extension.lower()], "<document/>")
    return buffer.getvalue()


def zip_bomb(extension: str, unzipped_mb: int = 300) -> bytes:
    """An Office package that looks right (its folders are there) but holds a part of
    `unzipped_mb` megabytes of one repeated byte: a few hundred kilobytes zipped."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open(
            f"{_OFFICE_FOLDERS[extension.lower()].split('/')[0]}/bomb.xml", "w"
        ) as part:
            block = b"0" * (1024 * 1024)
            for _ in range(unzipped_mb):
                part.write(block)
    return buffer.getvalue()

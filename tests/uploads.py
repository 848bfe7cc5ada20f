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

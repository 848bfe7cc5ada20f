"""A one-sheet XLSX written as its rows are read, for list downloads: the zip's fixed parts go
out at once, then the sheet row by row (inline strings, no shared-strings table, which would
have to be complete before the sheet), compressed and sent in pieces of about BUFFER bytes.

The workbook is the one tablib and then openpyxl's write-only mode made: one sheet named
"Tablib Dataset", a bold header row, frozen under it, cells with a line break wrapped, column
widths fitting the header and the first chunk of rows, numbers as numbers and dates as Excel
dates with a date format. The standard library's zipfile writes the zip to a stream it cannot
seek: each entry's sizes follow its data (a data descriptor) and the index comes last."""

import datetime
import math
import zipfile
from decimal import Decimal
from itertools import chain, islice

from django.utils import timezone
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel

# Compressed bytes gathered before they are sent (about one 64 KB network write), and
# uncompressed sheet text gathered before it is compressed (one zlib call per ~1,000 cells).
BUFFER = 64 * 1024
SHEET_NAME = "Tablib Dataset"
# Excel's limit on a cell's text; openpyxl cut longer texts to it too.
MAX_TEXT = 32767

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE = "http://schemas.openxmlformats.org/package/2006"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

# The cell styles (cellXfs) the sheet refers to by position, and the date formats they use.
PLAIN, BOLD, WRAP, DATE, DATETIME, TIME, DURATION = range(7)
_STYLES = (
    _HEAD + f'<styleSheet xmlns="{_MAIN}">'
    '<numFmts count="3"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>'
    '<numFmt numFmtId="165" formatCode="yyyy-mm-dd h:mm:ss"/>'
    '<numFmt numFmtId="166" formatCode="[hh]:mm:ss"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/>'
    '<scheme val="minor"/></font><font><b/><sz val="11"/><name val="Calibri"/>'
    '<family val="2"/><scheme val="minor"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="7"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">'
    '<alignment wrapText="1"/></xf>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="21" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>'
    "</cellStyles></styleSheet>"
)
_FIXED_PARTS = (
    (
        "[Content_Types].xml",
        _HEAD + f'<Types xmlns="{_PACKAGE}/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>',
    ),
    (
        "_rels/.rels",
        _HEAD + f'<Relationships xmlns="{_PACKAGE}/relationships">'
        f'<Relationship Id="rId1" Type="{_RELATIONSHIPS}/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>',
    ),
    (
        "xl/workbook.xml",
        _HEAD + f'<workbook xmlns="{_MAIN}" xmlns:r="{_RELATIONSHIPS}">'
        '<bookViews><workbookView activeTab="0"/></bookViews>'
        f'<sheets><sheet name="{SHEET_NAME}" sheetId="1" r:id="rId1"/></sheets></workbook>',
    ),
    (
        "xl/_rels/workbook.xml.rels",
        _HEAD + f'<Relationships xmlns="{_PACKAGE}/relationships">'
        f'<Relationship Id="rId1" Type="{_RELATIONSHIPS}/worksheet" '
        'Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{_RELATIONSHIPS}/styles" Target="styles.xml"/>'
        "</Relationships>",
    ),
    ("xl/styles.xml", _STYLES),
)
_SHEET_END = (
    '</sheetData><pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" '
    'footer="0.5"/></worksheet>'
)

# Text as XML element content: the three markup characters escaped, a carriage return kept as
# a reference (a parser would turn a literal one into a line feed), and the characters XML 1.0
# cannot hold at all dropped — C0 controls but tab and line breaks, lone surrogates, U+FFFE and
# U+FFFF. openpyxl raised IllegalCharacterError on them, failing the whole download; a control
# character pasted into a summary is never meant as content.
_TEXT = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"}
    | dict.fromkeys(
        chain(
            (c for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)),
            range(0xD800, 0xE000),
            (0xFFFE, 0xFFFF),
        )
    )
)


class _Collector:
    """The file zipfile writes to: it cannot seek or tell (so zipfile puts each entry's sizes
    after its data), and keeps what was written until `take` hands it on."""

    def __init__(self):
        self.parts = []
        self.size = 0

    def write(self, data) -> int:
        self.parts.append(bytes(data))
        self.size += len(data)
        return len(data)

    def flush(self):
        pass

    def take(self) -> bytes:
        data = b"".join(self.parts)
        self.parts.clear()
        self.size = 0
        return data


def _text_cell(ref: str, text: str, style: int | None) -> str:
    text = text[:MAX_TEXT]
    if style is None:
        style = WRAP if "\n" in text else PLAIN
    escaped = text.translate(_TEXT)
    if not escaped:
        return ""
    space = ' xml:space="preserve"' if escaped != escaped.strip() else ""
    styled = f' s="{style}"' if style else ""
    return f'<c r="{ref}"{styled} t="inlineStr"><is><t{space}>{escaped}</t></is></c>'


def _number(value) -> str:
    # openpyxl's format: 15 significant digits are all Excel keeps, and an integral Decimal
    # reads back as a whole number.
    return f"{float(value):.16g}"


def _cell(ref: str, value, style: int | None = None) -> str:
    """One cell's XML, or nothing for an empty one; `style` None chooses it from the value."""
    if isinstance(value, str):
        return _text_cell(ref, value, style)
    if value is None:
        return ""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float | Decimal):
        try:
            finite = math.isfinite(value)
        except ValueError:  # a signalling NaN Decimal
            finite = False
        if not finite:  # Excel has no NaN or infinity: written as text
            return _text_cell(ref, str(value), style)
        return f'<c r="{ref}" t="n"><v>{_number(value)}</v></c>'
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):  # Excel has no time zones: the portal's local time
            value = timezone.make_naive(value)
        return _date_cell(ref, value, DATETIME)
    if isinstance(value, datetime.date):
        return _date_cell(ref, value, DATE)
    if isinstance(value, datetime.time):
        return _date_cell(ref, value.replace(tzinfo=None), TIME)
    if isinstance(value, datetime.timedelta):
        return _date_cell(ref, value, DURATION)
    return _text_cell(ref, str(value), style)  # anything else as its text, as openpyxl did


def _date_cell(ref: str, value, style: int) -> str:
    return f'<c r="{ref}" s="{style}" t="n"><v>{_number(to_excel(value))}</v></c>'


def _row(number: int, letters: list[str], values, style: int | None = None) -> str:
    cells = "".join(
        _cell(f"{letter}{number}", value, style)
        for letter, value in zip(letters, values, strict=False)
    )
    return f'<row r="{number}">{cells}</row>'


def _column_widths(rows) -> list[int]:
    """Each column's width in characters: its longest value's text among `rows`."""
    widths = []
    for row in rows:
        for index, value in enumerate(row):
            if index < len(widths):
                widths[index] = max(widths[index], len(str(value)))
            else:
                widths.append(len(str(value)))
    return widths


def _sheet_start(widths: list[int]) -> str:
    columns = "".join(
        f'<col min="{index}" max="{index}" width="{width}" customWidth="1"/>'
        for index, width in enumerate(widths, start=1)
    )
    return (
        _HEAD + f'<worksheet xmlns="{_MAIN}"><sheetViews><sheetView workbookViewId="0">'
        '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
        '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
        '<sheetFormatPr defaultRowHeight="15"/>'
        + (f"<cols>{columns}</cols>" if columns else "")
        + "<sheetData>"
    )


def xlsx_chunks(rows, chunk_size: int):
    """The workbook of `rows` (an iterator: the header, then each row's values) as pieces of
    a zip, each sent as soon as it is written: the fixed parts before the first row is read,
    then the sheet about every BUFFER compressed bytes. Column widths fit the header and the
    first `chunk_size` rows (the sheet states them before its first row)."""
    out = _Collector()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in _FIXED_PARTS:
            archive.writestr(name, text)
        yield out.take()  # before the query: the download starts at once
        header = next(rows)
        first = list(islice(rows, chunk_size))
        letters = [get_column_letter(index) for index in range(1, len(header) + 1)]
        # No ZIP64: a sheet's size is not known when its entry starts, and ZIP64 would then
        # put zero sizes in the entry's header, which Excel rejects as corrupt. A sheet is
        # under 4 GiB (Excel holds at most 1,048,576 rows); zipfile raises rather than write
        # a wrong size past that.
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            widths = _column_widths([header, *first])
            pending = [_sheet_start(widths), _row(1, letters, header, BOLD)]
            size = 0
            for number, values in enumerate(chain(first, rows), start=2):
                text = _row(number, letters, values)
                pending.append(text)
                size += len(text)
                if size >= BUFFER:
                    sheet.write("".join(pending).encode())
                    pending.clear()
                    size = 0
                    if out.size >= BUFFER:
                        yield out.take()
            pending.append(_SHEET_END)
            sheet.write("".join(pending).encode())
    yield out.take()

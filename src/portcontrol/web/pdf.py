"""Printable reports as PDF: a title, headings, paragraphs, label/value lists, tables, images.

fpdf2 writes the file; the DejaVu Sans font shipped in our static files carries Cyrillic,
Azerbaijani and Kazakh letters, which the PDF core fonts do not.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import FontFace

FONT_DIR = Path(__file__).resolve().parent / "static" / "portcontrol" / "fonts"
FONT = "DejaVu"


class PdfReport:
    """One A4 document, built top to bottom; ``to_bytes`` gives the finished file."""

    def __init__(self, title: str, *, subtitle: str = "", landscape: bool = False) -> None:
        self._pdf = FPDF(orientation="L" if landscape else "P", format="A4")
        self._pdf.set_title(title)
        self._pdf.set_creator("PortControl")
        self._pdf.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
        self._pdf.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self._pdf.set_auto_page_break(auto=True, margin=15)
        self._pdf.add_page()
        self._pdf.set_font(FONT, "B", 16)
        self._pdf.multi_cell(0, 9, title, new_x="LMARGIN", new_y="NEXT")
        self._pdf.set_font(FONT, "", 9)
        printed = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        line = f"{subtitle} · {printed}" if subtitle else printed
        self._pdf.multi_cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
        self._pdf.ln(3)

    def heading(self, text: str) -> None:
        self._pdf.ln(2)
        self._pdf.set_font(FONT, "B", 12)
        self._pdf.multi_cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
        self._pdf.set_font(FONT, "", 10)

    def paragraph(self, text: str) -> None:
        self._pdf.set_font(FONT, "", 10)
        self._pdf.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")
        self._pdf.ln(1)

    def fields(self, pairs: Sequence[tuple[str, object]]) -> None:
        """Label and value on each line, as on a form: empty values are shown as a dash."""
        self.table(("", ""), [(label, value) for label, value in pairs], header=False)

    def table(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[object]],
        *,
        widths: Sequence[int] | None = None,
        header: bool = True,
    ) -> None:
        """A table that breaks across pages and repeats its header row."""
        self._pdf.set_font(FONT, "", 9)
        bold = FontFace(emphasis="BOLD", fill_color=(230, 230, 230))
        with self._pdf.table(
            col_widths=tuple(widths) if widths else None,
            headings_style=bold,
            first_row_as_headings=header,
            line_height=5,
        ) as table:
            if header:
                heading_row = table.row()
                for text in headers:
                    heading_row.cell(str(text))
            for values in rows:
                row = table.row()
                for value in values:
                    row.cell(_text(value))
        self._pdf.ln(2)

    def image(self, path: str | Path, *, width_mm: float = 80) -> None:
        self._pdf.image(str(path), w=width_mm)
        self._pdf.ln(2)

    def to_bytes(self) -> bytes:
        return bytes(self._pdf.output())


def _text(value: object) -> str:
    return "—" if value is None or value == "" else str(value)

"""Cells of the CSV files staff open in a spreadsheet.

A spreadsheet runs a cell that starts with one of FORMULA_PREFIXES as a formula (CSV
injection), and what enquirers and editors typed reaches our exports; a leading
apostrophe makes such a cell text. https://owasp.org/www-community/attacks/CSV_Injection
"""

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(cell: str) -> str:
    return f"'{cell}" if cell.startswith(FORMULA_PREFIXES) else cell

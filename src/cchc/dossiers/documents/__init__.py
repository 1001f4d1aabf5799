"""The one-stop forms and books (Circular 01/2018/TT-VPCP and 03/2025/TT-VPCP), printed as
HTML pages and DOCX files in the official format, and the tracking book exported to XLSX."""

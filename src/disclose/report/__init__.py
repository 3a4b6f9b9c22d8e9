"""The validation report: JSON for machines, a short summary for people."""
from disclose.report.writer import report_dict, summary_text

__all__ = ["report_dict", "summary_text"]

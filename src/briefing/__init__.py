"""briefing: scraped news pages in, tri-lingual Markdown briefings out."""

__version__ = "0.1.0"

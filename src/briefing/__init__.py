"""briefing: scraped news pages in, tri-lingual Markdown briefings out."""

__version__ = "0.2.0"

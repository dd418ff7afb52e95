"""What the project knows about the web, in one place per subject (social networks, ...), read by the extractors
and spiders."""

"""Report plugins: each is a Markdown template plus a function computing the data it shows."""

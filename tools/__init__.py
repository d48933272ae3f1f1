"""Developer tools that are not tests: regenerate the golden output, audit pages with Lighthouse, time the preview."""

"""The courses app's own views (beyond the pages Wagtail serves): downloads, terms, search, and the
learner's actions and certificates."""

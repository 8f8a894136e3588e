"""What the portal offers and how it is found: the Wagtail pages (home and catalogues, courses and lessons,
materials and their files), the blocks of a lesson, the editors' forms, search and the sitemap.

The pages serve and build their context by asking the rules below them (courses/access, courses/learning,
courses/licensing); nothing below imports a page. See docs/architecture.md.
"""

"""Whose material, on what terms: contributors, licences and their versions, the licence rules that cap
access and sale, attribution, the licence notice stamped into every PDF handed out.

Layers, bottom up: models.py (data) → rules.py and stamping.py (the rules) → changes.py (revising a
licence). See docs/architecture.md.
"""

"""Taking a course: enrolment, progress, quizzes, completion and certificates.

Layers, bottom up: models.py (data) → quizzes.py, certificates.py, certificate_pdf.py and progress.py (the
rules) → services.py and tasks.py (what a learner does, the certificate e-mail). See docs/architecture.md.
"""

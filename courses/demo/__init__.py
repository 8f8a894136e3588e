"""Demo content for `manage.py load_demo`: texts in Spanish, English and Portuguese, and their builders."""

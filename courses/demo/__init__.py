"""Demo content for `manage.py load_demo`: multilingual texts (Spanish, English, Portuguese) and their builders."""

"""Small builders that keep the demo texts readable: lesson blocks in the raw StreamField form.

A material block names the material by its demo key; `load_demo` swaps the key for the page of the same
language before saving the lesson.
"""

LANGUAGES = ("es", "en", "pt")


def heading(text: str, level: str = "h2") -> dict:
    return {"type": "heading", "value": {"text": text, "level": level}}


def text(html: str) -> dict:
    return {"type": "text", "value": html}


def callout(kind: str, html: str) -> dict:
    return {"type": "callout", "value": {"kind": kind, "text": html}}


def material(key: str, note: str = "") -> dict:
    return {"type": "material", "value": {"material": key, "note": note}}


def question(prompt: str, choices: list[str], correct: int, explanation: str = "") -> dict:
    return {
        "prompt": prompt,
        "choices": [{"text": choice, "correct": index == correct} for index, choice in enumerate(choices)],
        "explanation": explanation,
    }


def quiz(title: str, questions: list[dict], pass_mark: int = 70) -> dict:
    return {"type": "quiz", "value": {"title": title, "pass_mark": pass_mark, "questions": questions}}


def video(key: str, caption: str = "") -> dict:
    """An uploaded video, named by its demo key (courses/demo/media.py); `load_demo` swaps in the video."""
    return {"type": "video", "value": {"video": key, "caption": caption, "transcript": ""}}


def audio(key: str, caption: str = "") -> dict:
    return {"type": "audio", "value": {"audio": key, "caption": caption, "transcript": ""}}

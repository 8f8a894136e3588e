"""The material library lists materials with filters, and its cost does not grow with the catalogue."""

import pytest

from .. import factories


@pytest.mark.django_db
def test_library_filters_by_topic_and_language(client, tree):
    guide = factories.MaterialPageFactory(parent=tree.materials, title="Guía de gobernanza", language="es")
    guide.tags.add("gobernanza")
    guide.save_revision().publish()
    factories.MaterialPageFactory(parent=tree.materials, title="Governance toolkit", language="en")

    by_topic = client.get(tree.materials.url, {"topic": "gobernanza"})
    by_language = client.get(tree.materials.url, {"language": "en"})

    assert [item.title for item, _ in by_topic.context["items"]] == ["Guía de gobernanza"]
    assert [item.title for item, _ in by_language.context["items"]] == ["Governance toolkit"]


@pytest.mark.django_db
def test_library_queries_stay_constant_as_the_catalogue_grows(client, tree, django_assert_max_num_queries):
    def add(count):
        for _ in range(count):
            material = factories.MaterialPageFactory(parent=tree.materials)
            factories.add_file(material)

    add(2)
    with django_assert_max_num_queries(40) as small:
        client.get(tree.materials.url)
    add(10)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(tree.materials.url)

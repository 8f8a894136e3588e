# Brazilian Portuguese writes dates in the same shapes as Latin American Spanish: "7 de dezembro de 2026"
# (months in lower case: the portal's catalogue writes them so, where Django's says "Dezembro"),
# "7 de dezembro de 2026, 18:01", tables "07/12/2026".
from portal.formats.es.formats import *  # noqa: F403

"""Who may open what: the access policy, the entitlements that open one item to one user, the private
storage of the files and their delivery as licensed copies, and the record of every download.

Layers, bottom up: models.py and storage.py (data) → policy.py and delivery.py (the rules) → services.py
(what changes access: grants, purchases, acceptances, downloads) → auth_backends.py (the signed-in user,
read with the facts the policy needs). See docs/architecture.md.
"""

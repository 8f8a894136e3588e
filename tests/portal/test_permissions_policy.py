"""Every answer tells the browser which powerful features the portal's pages may use: none of the camera,
microphone, location, payment handlers or sensors (Stripe Checkout is a redirect to Stripe's own page), and
full screen only for the portal's own videos and the YouTube and Vimeo players lessons embed."""

import pytest

VIDEO_PLAYERS = (
    '"https://www.youtube.com"',
    '"https://www.youtube-nocookie.com"',
    '"https://player.vimeo.com"',
)


def policy_of(response) -> dict[str, str]:
    header = response.headers.get("Permissions-Policy")
    assert header, f"{response.request['PATH_INFO']} has no Permissions-Policy header"
    features = {}
    for directive in header.split(","):
        feature, _, allowlist = directive.strip().partition("=")
        features[feature] = allowlist
    return features


@pytest.mark.django_db
def test_pages_deny_the_camera_the_microphone_location_and_payment(client, tree, public_material):
    for url in (
        tree.home.url,
        tree.home.url,
        public_material.url,
        "/es/accounts/login/",
        "/es/no-such-page/",
    ):
        features = policy_of(client.get(url))  # the home page twice: rendered, then from the page cache
        for feature in ("camera", "microphone", "geolocation", "payment", "usb", "display-capture"):
            assert features[feature] == "()", (url, feature)


@pytest.mark.django_db
def test_full_screen_is_left_to_the_portals_videos_and_the_embedded_players(client, tree):
    features = policy_of(client.get(tree.home.url))
    for feature in ("fullscreen", "picture-in-picture"):
        allowlist = features[feature]
        assert allowlist.startswith("(self ") and all(player in allowlist for player in VIDEO_PLAYERS), (
            allowlist
        )


@pytest.mark.django_db
def test_signed_in_pages_downloads_and_the_admin_carry_it_too(client, member, public_material):
    client.force_login(member)
    assert policy_of(client.get("/es/account/"))["camera"] == "()"
    assert policy_of(client.get(f"{public_material.url}"))["microphone"] == "()"
    assert policy_of(client.get("/admin/login/"))["geolocation"] == "()"

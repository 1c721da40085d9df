"""Issue 12 (ADR 17): posts keep no author handle, and a status is stored once per monitor.

Schema: `MonitoringProtocol.source_link_roles` (who sees the source link; default analyst only) and
`Post.dedupe_key` (keyed hash of the post's global identity).

Data, for posts stored before this change:
1. the de-duplication key is derived from what was stored: Mastodon's status URI from its link
   (`https://host/@name/<id>` is the status `https://host/users/name/statuses/<id>`), a feed's guid (the external
   id), Telegram's channel and message id (uploads get none: their link may be shared by many rows);
2. of posts with the same key in one monitor the first stored is kept, the others deleted (their matches and alert
   evidence go with them; alert counts are recounted by the next detection of that hour);
3. every link loses the author (`privacy.source_link`), every text its @mentions (`privacy.scrub_text`; author
   names other than mentions are not known any more for old posts) and an id that names an account (a feed guid
   that is a permalink) becomes a keyed hash (`privacy.safe_external_id`).
The unique constraint on (monitor, dedupe_key) follows in the next migration, outside this data transaction
(PostgreSQL refuses ALTER TABLE with pending deferred-constraint events from the deletions).
"""

import re

from django.db import migrations, models

_MASTODON_LINK = re.compile(r"^(?P<base>https?://[^/]+)/@(?P<name>[^/@]+)/(?P<id>[A-Za-z0-9]+)/?$")


def _identity(post) -> str:
    if post.connector == "mastodon":
        match = _MASTODON_LINK.match(post.url or "")
        if match:
            return f"{match['base']}/users/{match['name']}/statuses/{match['id']}"
        return post.url if "/users/" in (post.url or "") else ""
    if post.connector == "rss":
        return post.external_id
    if post.connector == "telegram":
        return f"telegram:{post.external_id}"
    return ""  # an upload's link may be shared by many rows: no identity


def forwards(apps, schema_editor):
    from veiliglokaal.monitoring import privacy

    Post = apps.get_model("monitoring", "Post")
    kept: set[tuple[int, str]] = set()
    duplicates = []
    for post in Post.objects.order_by("monitor_id", "pk").iterator(chunk_size=1000):
        key = privacy.uri_key(post.connector, _identity(post))
        if key and (post.monitor_id, key) in kept:
            duplicates.append(post.pk)
            continue
        if key:
            kept.add((post.monitor_id, key))
        url, text = privacy.source_link(post.url), privacy.scrub_text(post.text)
        external_id = privacy.safe_external_id(post.connector, post.external_id)
        if (key, url, text, external_id) != (post.dedupe_key, post.url, post.text, post.external_id):
            Post.objects.filter(pk=post.pk).update(dedupe_key=key, url=url, text=text, external_id=external_id)
    for start in range(0, len(duplicates), 500):
        Post.objects.filter(pk__in=duplicates[start:start + 500]).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('monitoring', '0006_jobs_data'),
    ]

    operations = [
        migrations.AddField(
            model_name='monitoringprotocol',
            name='source_link_roles',
            field=models.CharField(default=',analyst,', max_length=200, verbose_name='wie mag de link naar de bron zien'),
        ),
        migrations.AddField(
            model_name='post',
            name='dedupe_key',
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]

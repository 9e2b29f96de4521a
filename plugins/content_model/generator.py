"""KindGenerator: the one way a content kind that owns a folder under content/ is read (API).

Disclosures (content/oia/) and e-news issues (content/enews/) use it, and so will the kinds to
come (Plone import, service pages). A subclass says only what differs:

    class NoticesGenerator(KindGenerator):
        kind = NOTICE              # its schema.Kind; kind.folder_setting names the folder
        content_class = Notice     # a pelican Page subclass: its template and address settings
        context_key = "notices"    # where templates and other plugins find the published items
        item_name = "notice"       # the item's name in its page's template, besides ``page``

        def generate_output(self, writer):
            self.write_pages(writer)   # and its index, open data, ...

and may override ``publishable(item)``, ``complete(item)`` and ``check(items)``.

Every file in the folder goes through the content model's reader (each mistake one line naming
file and field; an item whose Status could not be read stays a draft). Drafts are left out:
never written, in no list. The published items are ``self.items``, newest first, which is where
``all_content``/``published_content`` find them for the cross-file checks (slug collisions,
Schools ids) and other plugins.
"""

from __future__ import annotations

from pelican.generators import Generator


class KindGenerator(Generator):
    kind = None
    content_class = None
    context_key = ""
    item_name = ""

    def generate_context(self):
        self.items = []
        for path in self.get_files(self.settings[self.kind.folder_setting]):
            item = self.readers.read_file(base_path=self.path, path=path, content_class=self.content_class,
                                          context=self.context)
            if item is None or item.status == "draft" or not self.publishable(item):
                continue
            self.complete(item)
            self.add_source_path(item)
            self.items.append(item)
        self.items.sort(key=lambda item: (item.date, item.source_path), reverse=True)
        self.check(self.items)
        self.context[self.context_key] = self.items

    def publishable(self, item) -> bool:
        """False keeps a read, non-draft item out (its mistake is already reported); fail closed."""
        return True

    def complete(self, item) -> None:
        """Fill in what the reader cannot know (e.g. a slug from the file name); report what is missing."""

    def check(self, items: list) -> None:
        """Checks across the kind's published items, newest first (e.g. no two with one number)."""

    def write_pages(self, writer) -> None:
        """Each published item's page, with its template; the item is ``page`` and ``item_name`` in it."""
        relative = self.settings["RELATIVE_URLS"]
        for item in self.items:
            writer.write_file(item.save_as, self.get_template(item.template), self.context, relative_urls=relative,
                              url=item.url, **{"page": item, self.item_name: item})

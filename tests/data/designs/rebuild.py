"""Rebuild the designs set (``../shared/designs``: open-source invoice templates and their translations) from git mirrors.

The templates of tests/invoice_generator_designs.py (issue 13: real invoice layouts from
open-source invoicing software) are fetched data under their own licences: they stay under
the shared folder and are never committed. This script is the committed recipe that puts
them back, from bare git directories of the source repositories at the commits of the README::

    python tests/data/designs/rebuild.py [--mirrors /work/.mirror] [--out ../shared/designs]

Each mirror is looked for as ``<mirrors>/<owner>+<name>/repo`` (what the ``fetch`` tool
gives) or ``<mirrors>/<owner>/<name>.git``. The files are read with ``git show`` at the
pinned commit (the blobs, not a work tree). Written: ``<tag>/<path in the repository>`` and
``MANIFEST.tsv`` (file, sha256, bytes, source_repo, source_commit, source_path, licence).
Nothing is downloaded here.
"""

from __future__ import annotations

import hashlib
import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "outside"))

from rebuild import _git, command, git_dir, write_manifest  # noqa: E402  (the outside set's mirror plumbing)

REPO = HERE.parents[2]
SHARED = REPO.parent / "shared"
LANGUAGES = ("fr", "en", "de", "es", "it")


@dataclass(frozen=True)
class Source:
    tag: str  # folder under the designs set
    repo: str  # owner/name on GitHub
    commit: str
    licence: str
    paths: tuple[str, ...]  # files taken, as in the repository


_NINJA_DESIGNS = ("bold", "business", "calm", "clean", "creative", "hipster", "modern", "plain",
                  "playful", "tech")
_SHELF_DESIGNS = ("invoice1", "invoice2", "invoice3")
_AKAUNTING_DESIGNS = ("default", "classic", "modern")
_KIMAI_DESIGNS = ("default", "service-date")
_BOOKS_DESIGNS = ("Basic", "Business", "Minimal")

SOURCES = (
    Source("invoiceninja", "invoiceninja/invoiceninja", "a148eec09bd1283db55112cbdfe26788bc234974",
           "Elastic License 2.0 (repo LICENSE)",
           tuple(f"resources/views/pdf-designs/{name}.html" for name in _NINJA_DESIGNS)
           + tuple(f"lang/{lang}/texts.php" for lang in LANGUAGES)),
    Source("invoiceshelf", "InvoiceShelf/InvoiceShelf", "83caff13cd0799532c4fd19388c9315c105cdd7b",
           "AGPL-3.0 (repo LICENSE)",
           tuple(f"resources/views/app/pdf/invoice/{name}.blade.php" for name in _SHELF_DESIGNS)
           + ("resources/views/app/pdf/invoice/partials/table.blade.php",)
           + tuple(f"lang/{lang}.json" for lang in LANGUAGES)),
    Source("akaunting", "akaunting/akaunting", "dfc1171cf1e3749b2763cb0ade9f997c434e8f0e",
           "Business Source License 1.1 (repo LICENSE.txt)",
           tuple(f"resources/views/components/documents/template/{name}.blade.php" for name in _AKAUNTING_DESIGNS)
           + ("resources/views/components/documents/template/line-item.blade.php", "public/css/print.css")
           + tuple(f"resources/lang/{locale}/{group}.php" for locale in ("fr-FR", "en-GB", "de-DE", "es-ES", "it-IT")
                   for group in ("invoices", "general", "documents"))),
    Source("kimai", "kimai/kimai", "1f421c276badbf9eeff40852de305a1e4c1e829f", "AGPL-3.0 (repo LICENSE)",
           tuple(f"templates/invoice/renderer/{name}.pdf.twig" for name in _KIMAI_DESIGNS)
           + ("assets/sass/_invoice-pdf.scss",) + tuple(f"translations/messages.{lang}.xlf" for lang in LANGUAGES)),
    Source("frappebooks", "frappe/books", "7c35767811762e59573f62bfff936cb9e3016bda", "AGPL-3.0 (repo LICENSE)",
           tuple(f"templates/{name}.template.html" for name in _BOOKS_DESIGNS)
           + ("tailwind.config.js", "colors.json") + tuple(f"translations/{lang}.csv" for lang in ("fr", "de", "es"))),
    Source("laravelinvoices", "LaravelDaily/laravel-invoices", "67fd16b34c700a65a72669af20f6f479d8a52df1",
           "GPL-3.0 (repo LICENSE.md)",
           ("resources/views/templates/default.blade.php",) + tuple(f"lang/{lang}/invoice.php" for lang in LANGUAGES)),
    Source("sylius", "Sylius/InvoicingPlugin", "c8f08616aa55ab2dd93e88afcc6618693e7548b8", "MIT (repo LICENSE)",
           ("src/Resources/views/Invoice/Download/pdf.html.twig", "src/Resources/views/Invoice/Download/pdfLayout.html.twig")
           + tuple(f"src/Resources/translations/messages.{lang}.yml" for lang in ("fr", "en", "de"))),
    Source("sylius", "Sylius/Sylius", "3466cbab1098367b7107e756714f9390bf5e4bf6", "MIT (repo LICENSE)",
           tuple(f"src/Sylius/Bundle/UiBundle/Resources/translations/messages.{lang}.yml" for lang in ("fr", "en", "de"))),
    Source("paymenter", "Paymenter/Paymenter", "ce12be75183182f4ce2f49cbf9fa12a4fc2e9834", "MIT (repo LICENSE)",
           ("resources/views/pdf/invoice.blade.php",) + tuple(f"lang/{lang}/invoices.php" for lang in LANGUAGES)),
    Source("fossbilling", "FOSSBilling/FOSSBilling", "56a0871df1240dc1d0d12c1a278fbe3678821982",
           "Apache-2.0 (repo LICENSE)",
           ("src/modules/Invoice/templates/pdf/default-invoice.twig", "src/modules/Invoice/templates/pdf/default-invoice.css")),
    Source("fossbilling", "FOSSBilling/locale", "fa626e5966304fa0ca79b59985f36a01c412dc9f", "Apache-2.0 (repo LICENSE.md)",
           tuple(f"{locale}/LC_MESSAGES/messages.mo" for locale in ("fr_FR", "de_DE", "es_ES", "it_IT"))),
    Source("killbill", "killbill/killbill", "cb60779c171391be558cd7aebb1eafea60ad2b82", "Apache-2.0 (repo LICENSE)",
           ("util/src/main/resources/org/killbill/billing/util/invoice/templates/HtmlInvoiceTemplate.mustache",
            "util/src/main/resources/org/killbill/billing/util/invoice/translation/InvoiceTranslation_en_US.properties")),
    Source("invoicerr", "Impre-visible/invoicerr", "1ffac25d5eb766cbcf8d419e752fee8b52d4f6aa", "AGPL-3.0 (repo LICENSE)",
           ("backend/src/modules/invoices/templates/base.template.ts", "backend/prisma/schema.prisma")),
    Source("cashierstripe", "laravel/cashier-stripe", "6c304574e3ec6d3cd22abf18c1f8a4c61ba385ea", "MIT (repo LICENSE.md)",
           ("resources/views/invoice.blade.php",)),
    Source("cashiermollie", "laravel/cashier-mollie", "f3bfbc62aacd6d7502ad21be5dfdab4ffb966daa", "MIT (repo LICENSE.md)",
           ("resources/views/receipt.blade.php", "resources/views/head.blade.php")),
    Source("suitecrm", "salesagility/SuiteCRM", "e572230abd0dad205b24a96acce72590b20bf69d", "AGPL-3.0 (repo LICENSE.txt)",
           ("modules/AOS_PDF_Templates/samples/smpl_Invoice_Sample.php",
            "modules/AOS_PDF_Templates/samples/smpl_Invoice_Group_Sample.php")
           + tuple(f"modules/{module}/language/en_us.lang.php" for module in ("AOS_PDF_Templates", "AOS_Invoices",
                                                                                "AOS_Products"))),
    Source("bagisto", "bagisto/bagisto", "889a7c6bd7200867d528f6ddc2668798e7db05d8", "MIT (repo LICENSE)",
           ("packages/Webkul/Shop/src/Resources/views/customers/account/orders/pdf.blade.php",)
           + tuple(f"packages/Webkul/Shop/src/Resources/lang/{lang}/app.php" for lang in LANGUAGES)),
    Source("sparksuite", "sparksuite/simple-html-invoice-template", "7d74fe34c862b7712f1a23a3f12147a4a8bd53e1",
           "MIT (repo LICENSE)", ("invoice.html",)),
    Source("anvil", "anvilco/html-pdf-invoice-template", "bd4513888d47cfa7d6cc272fbb37fe8b79e298b6",
           "MIT (repo README.md and package.json)", ("invoice.html", "invoice.css", "invoice-pdf.css")),
)


def rebuild(mirrors: Path, out: Path) -> list[dict]:
    rows: list[dict] = []
    for src in SOURCES:
        gd = git_dir(mirrors, src.repo)
        for path in src.paths:
            data = _git(gd, "cat-file", "blob", f"{src.commit}:{path}")
            target = out / src.tag / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            rows.append({"file": f"{src.tag}/{path}", "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data),
                         "source_repo": src.repo, "source_commit": src.commit, "source_path": path,
                         "licence": src.licence})
    write_manifest(out, rows)
    return rows


def main(argv: list[str] | None = None) -> int:
    return command(argv, __doc__, rebuild, SOURCES, SHARED / "designs")


if __name__ == "__main__":
    sys.exit(main())

"""Arelle plugin: the documents of a base taxonomy copy that was validated once already are not
DTS-checked again (loaded by disclose.arelle.session through Arelle's `plugins` option).

Why a plugin: Arelle counts every document under the instance's folder as the filer's extension
and checks it in full whatever `baseTaxonomyValidationMode` says, and a disclose filing carries
its own copy of the base taxonomy there. Arelle has no option naming which documents are base; its
public plugin hooks are the supported way to add that. Before validation starts
(`Validate.XBRL.Start`) each loaded document under a trusted folder gets `skipDTS`, the model
document's own flag for "no DTS checks". Everything that spans the whole DTS still runs for the
instance: links, relationship sets, dimensions, calculations, formulas, duplicates.

The folders come in the plugin option `discloseTrustedBase` (os.pathsep-separated absolute paths),
read when the filing starts (`CntlrCmdLine.Filing.Start`); each Session has its own controller.
"""
from __future__ import annotations

import os
from typing import Any

OPTION = "discloseTrustedBase"


def _filing_start(cntlr: Any, options: Any, *args: Any, **kwargs: Any) -> None:
    folders = str(getattr(options, OPTION, "") or "")
    cntlr.discloseTrustedBase = tuple(os.path.join(os.path.abspath(f), "") for f in folders.split(os.pathsep) if f)


def _validate_start(val: Any, *args: Any, **kwargs: Any) -> None:
    prefixes = getattr(val.modelXbrl.modelManager.cntlr, OPTION, ())
    if not prefixes:
        return
    for doc in list(val.modelXbrl.urlDocs.values()):
        path = getattr(doc, "filepath", None)
        if isinstance(path, str) and os.path.abspath(path).startswith(prefixes):
            doc.skipDTS = True


__pluginInfo__ = {
    "name": "disclose trusted base",
    "version": "1.0",
    "description": "Skip DTS checks of base taxonomy documents validated once already.",
    "license": "same as disclose",
    "author": "disclose",
    "CntlrCmdLine.Filing.Start": _filing_start,
    "Validate.XBRL.Start": _validate_start,
}

// libxml2 from Debian's libxml2-dev (pkg-config libxml-2.0): its SAX2 push parser reads a worksheet as the
// ZIP archive inflates it (Sources/QEvalInput/SheetReader.swift wraps it once).
//
// Debian builds libxml2 with ICU, whose headers clash with the ICU that Foundation bundles; nothing here uses
// libxml2's ICU converters (which only add pointer members to the encoding handler), so they are left out.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>

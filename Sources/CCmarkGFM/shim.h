#ifndef SITEGEN_CCMARKGFM_SHIM_H
#define SITEGEN_CCMARKGFM_SHIM_H

#include <cmark-gfm.h>

/* Debian puts the extension API header in a subfolder; upstream and Homebrew install it at the top. */
#if __has_include(<cmark-gfm/cmark-gfm-extension_api.h>)
#include <cmark-gfm/cmark-gfm-extension_api.h>
#else
#include <cmark-gfm-extension_api.h>
#endif

/* Declared here because Debian's package omits cmark-gfm-core-extensions.h. */
void cmark_gfm_core_extensions_ensure_registered(void);

#endif

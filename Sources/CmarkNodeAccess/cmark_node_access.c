#include "cmark_node_access.h"

#include <string.h>

/* Debian installs cmark-gfm's own headers, node.h among them, from the package that holds the
   library, so the node layout they give is the library's. They stay in this file: included
   where Swift imports cmark-gfm, they would make every node pointer a typed one. */
#if __has_include(<cmark-gfm/node.h>)
#include <cmark-gfm/node.h>
#define SITEGEN_READS_LITERALS_IN_PLACE 1
#else
#include <cmark-gfm.h>
#endif

const unsigned char *sitegen_node_literal(cmark_node *node, size_t *count) {
#ifdef SITEGEN_READS_LITERALS_IN_PLACE
    /* A text or code span's literal is read where it lies. cmark_node_get_literal copies a
       literal that still points into its paragraph's text into a NUL-terminated block of its
       own: an allocation and a copy for every text node that a page's passes read. */
    cmark_node_type type = cmark_node_get_type(node);
    if (type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE) {
        *count = node->as.literal.len > 0 ? (size_t)node->as.literal.len : 0;
        return *count > 0 ? node->as.literal.data : NULL;
    }
#endif
    const char *literal = cmark_node_get_literal(node);
    *count = literal ? strlen(literal) : 0;
    return *count > 0 ? (const unsigned char *)literal : NULL;
}

int sitegen_reads_literals_in_place(void) {
#ifdef SITEGEN_READS_LITERALS_IN_PLACE
    return 1;
#else
    return 0;
#endif
}

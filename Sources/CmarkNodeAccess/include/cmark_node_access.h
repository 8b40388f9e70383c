#ifndef SITEGEN_CMARK_NODE_ACCESS_H
#define SITEGEN_CMARK_NODE_ACCESS_H

#include <stddef.h>

/* Declared as cmark-gfm.h declares it, so that Swift sees the same opaque node type. */
typedef struct cmark_node cmark_node;

/* The bytes of a node's literal and their count, as cmark-gfm keeps them (not NUL-terminated);
   NULL with a count of 0 when the node has no literal or an empty one. Valid until the literal
   is changed or the node freed. */
const unsigned char *sitegen_node_literal(cmark_node *node, size_t *count);

/* 1 when text and code span literals are read in place (cmark-gfm's node.h was found when this
   was compiled), 0 when every literal goes through cmark_node_get_literal. */
int sitegen_reads_literals_in_place(void);

#endif

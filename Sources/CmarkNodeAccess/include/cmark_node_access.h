#ifndef SITEGEN_CMARK_NODE_ACCESS_H
#define SITEGEN_CMARK_NODE_ACCESS_H

#include <stddef.h>

/* Declared as cmark-gfm.h declares them, so that Swift sees the same opaque types. */
typedef struct cmark_node cmark_node;
typedef struct cmark_parser cmark_parser;

/* The bytes of a node's literal and their count, as cmark-gfm keeps them (not NUL-terminated);
   NULL with a count of 0 when the node has no literal or an empty one. Valid until the literal
   is changed or the node freed. */
const unsigned char *sitegen_node_literal(cmark_node *node, size_t *count);

/* 1 when text and code span literals are read in place (cmark-gfm's node.h was found when this
   was compiled), 0 when every literal goes through cmark_node_get_literal. */
int sitegen_reads_literals_in_place(void);

/* A parser whose tree, and everything it allocates, lives in the page memory (page_memory.c):
   in the arena active on the thread when each block is taken (then freed with the arena), else
   in the calling thread's chunk (then freed as usual, from any thread). Under AddressSanitizer
   it is an ordinary parser, so that every block stays checked on its own. */
cmark_parser *sitegen_page_parser_new(int options);

/* A node of the given cmark_node_type for a tree of sitegen_page_parser_new's: cmark-gfm
   inserts a node only beside or under nodes from the same memory. */
cmark_node *sitegen_page_node_new(int type);

/* cmark_render_html_with_mem in the same memory as the parser's tree: `extensions` is
   cmark_parser_get_syntax_extensions' list. Free the result with sitegen_page_free. */
char *sitegen_page_render_html(cmark_node *root, int options, void *extensions);

/* Frees a block of the page memory, such as sitegen_page_render_html's result. */
void sitegen_page_free(void *block);

/* 1 when sitegen_page_parser_new's parsers use the page memory, 0 when they use cmark-gfm's
   default allocator (under AddressSanitizer). */
int sitegen_page_memory_in_use(void);

/* For tests of the page memory itself, whatever sitegen_page_memory_in_use says: a block as
   cmark-gfm's realloc(NULL, size) would get one, grown as its realloc would grow it, freed as
   its free would free it, and how far into its chunk the calling thread has allocated (0 once
   every block in it is freed). */
void *sitegen_page_allocate(size_t size);
void *sitegen_page_reallocate(void *block, size_t size);
void sitegen_page_deallocate(void *block);
size_t sitegen_page_chunk_offset(void);

/* A document's arena: while it is the calling thread's active arena, every block the page
   memory gives is taken from it, and freeing one does nothing; sitegen_page_arena_free gives
   them all back at once, so a tree made in an arena is freed with it, not node by node (its
   parser too: cmark_node_free and cmark_parser_free are then not called). NULL under
   AddressSanitizer, where every block stays a block of its own: free the tree as usual. */
typedef struct sitegen_page_arena sitegen_page_arena;
sitegen_page_arena *sitegen_page_arena_new(void);

/* Makes `arena` (or NULL, none) the calling thread's active arena; returns the one before, to
   be made active again when the caller is done. */
sitegen_page_arena *sitegen_page_arena_enter(sitegen_page_arena *arena);

/* Frees every block of `arena`, and the arena; NULL does nothing. No block of it may be used
   after, and it must not be active on any thread. */
void sitegen_page_arena_free(sitegen_page_arena *arena);

/* How many blocks the calling thread has taken from the page memory with no arena active: a
   test that a document's every use of cmark-gfm runs in its arena. */
size_t sitegen_page_unscoped_allocations(void);

#endif

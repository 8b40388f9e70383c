#include "cmark_node_access.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm.h>

/* The memory a page's Markdown is parsed and rendered in.

   cmark-gfm asks its allocator for every node, every piece of text and every buffer, and frees
   each one again a moment later: a few hundred calloc, realloc and free calls for each page,
   all for a tree that is gone when the page is. Here they are served from a chunk that belongs
   to the thread: an allocation moves a pointer forward, a free counts one allocation fewer, and
   when nothing is left in the thread's chunk it is used again from its start, still in the
   core's cache for the next page.

   A document's tree goes further (sitegen_page_arena_new): its blocks come from an arena of
   its own, active on the thread while the document's methods run, and are all given back at
   once with the document, so the tree is never walked only to be freed. The thread's chunk
   serves what is allocated with no arena active.

   Each allocation is preceded by a header naming its chunk, so that it can be freed from any
   thread: a chunk counts its live allocations atomically, plus one for as long as it is a
   thread's current chunk. Whoever brings the count to zero frees the chunk. Only the owning
   thread allocates from a chunk or moves its start back, and it does so only when no
   allocation in it is live, so no other thread can be reading it then. */

enum {
    /* Most pages' trees and buffers fit many times over. */
    CHUNK_SIZE = 256 * 1024,
    /* Larger requests (a huge page's rendered HTML) go to malloc, each with a header saying so. */
    LARGEST_IN_CHUNK = CHUNK_SIZE / 4,
    ALIGNMENT = 16,
};

typedef struct chunk {
    atomic_size_t live;
    size_t used;
    /* Keeps data aligned: the header below is 16 bytes, so every block is too. */
    _Alignas(ALIGNMENT) unsigned char data[];
} chunk;

typedef struct header {
    /* NULL for a block of its own from malloc. */
    chunk *owner;
    /* The bytes the block may hold, a multiple of ALIGNMENT. */
    size_t capacity;
} header;

_Static_assert(sizeof(header) % ALIGNMENT == 0, "blocks stay aligned");

/* A document's arena (sitegen_page_arena_new): while it is the thread's active arena, every
   block is taken from it and freeing one does nothing; the whole arena is given back at once
   when the document is done with it (sitegen_page_arena_free). A page's tree is then never
   walked to be freed, node by node, each free a count kept atomically: that walk alone was
   1.5 % of a build's instructions. A block of an arena says so in its header's owner. */
typedef struct arena_chunk {
    struct arena_chunk *next;
    size_t used;
    _Alignas(ALIGNMENT) unsigned char data[];
} arena_chunk;

/* A block too large for a chunk, kept on its arena's list until the arena is freed. */
typedef struct large_block {
    struct large_block *next;
    size_t unused;
    header h;
} large_block;

_Static_assert(sizeof(large_block) % ALIGNMENT == 0, "large blocks stay aligned");

struct sitegen_page_arena {
    /* The chunk blocks are taken from, and the ones filled before it. */
    arena_chunk *chunks;
    large_block *large;
};

/* The owner of every block of an arena: frees of it wait for the arena's. */
static chunk arena_owner;
#define ARENA_OWNER (&arena_owner)

static _Thread_local sitegen_page_arena *active_arena;
/* Chunks of finished arenas, kept for the next document on this thread: a chunk is used
   again while it is still in the core's cache, and no page asks malloc for one. */
enum { KEPT_CHUNKS = 4 };
static _Thread_local arena_chunk *kept_chunks;
static _Thread_local int kept_count;
static _Thread_local size_t unscoped_allocations;
static pthread_key_t kept_key;
static pthread_once_t kept_once = PTHREAD_ONCE_INIT;

static _Thread_local chunk *current;
static pthread_key_t thread_end_key;
static pthread_once_t thread_end_once = PTHREAD_ONCE_INIT;

static void out_of_memory(void) {
    fprintf(stderr, "sitegen: out of memory while rendering Markdown\n");
    abort();
}

/* A thread that ends frees the chunks it kept. */
static void free_kept_chunks(void *unused) {
    (void)unused;
    while (kept_chunks != NULL) {
        arena_chunk *next = kept_chunks->next;
        free(kept_chunks);
        kept_chunks = next;
    }
    kept_count = 0;
}

static void make_kept_key(void) {
    if (pthread_key_create(&kept_key, free_kept_chunks) != 0) out_of_memory();
}

static void release_chunk(chunk *c) {
    if (atomic_fetch_sub_explicit(&c->live, 1, memory_order_acq_rel) == 1) free(c);
}

/* A thread that ends gives its chunk up; the blocks still live in it keep it until freed. */
static void thread_ended(void *value) {
    chunk *c = value;
    if (c == NULL) return;
    if (c == current) current = NULL;
    release_chunk(c);
}

static void make_thread_end_key(void) {
    if (pthread_key_create(&thread_end_key, thread_ended) != 0) out_of_memory();
}

static chunk *new_current_chunk(void) {
    chunk *c = malloc(sizeof(chunk) + CHUNK_SIZE);
    if (c == NULL) out_of_memory();
    atomic_init(&c->live, 1);
    c->used = 0;
    pthread_once(&thread_end_once, make_thread_end_key);
    if (current != NULL) release_chunk(current);
    current = c;
    pthread_setspecific(thread_end_key, c);
    return c;
}

static size_t rounded(size_t size) {
    return (size + ALIGNMENT - 1) & ~(size_t)(ALIGNMENT - 1);
}

static void *arena_allocate(sitegen_page_arena *arena, size_t size) {
    if (size > LARGEST_IN_CHUNK) {
        large_block *block = malloc(sizeof(large_block) + size);
        if (block == NULL) out_of_memory();
        block->next = arena->large;
        arena->large = block;
        block->h.owner = ARENA_OWNER;
        block->h.capacity = size;
        return &block->h + 1;
    }
    size_t capacity = rounded(size == 0 ? 1 : size);
    size_t needed = sizeof(header) + capacity;
    arena_chunk *c = arena->chunks;
    if (c == NULL || c->used + needed > CHUNK_SIZE) {
        if (kept_chunks != NULL) {
            c = kept_chunks;
            kept_chunks = c->next;
            kept_count -= 1;
        } else {
            c = malloc(sizeof(arena_chunk) + CHUNK_SIZE);
            if (c == NULL) out_of_memory();
        }
        c->used = 0;
        c->next = arena->chunks;
        arena->chunks = c;
    }
    header *h = (header *)(c->data + c->used);
    c->used += needed;
    h->owner = ARENA_OWNER;
    h->capacity = capacity;
    return h + 1;
}

static void *allocate(size_t size) {
    if (active_arena != NULL) return arena_allocate(active_arena, size);
    unscoped_allocations += 1;
    if (size > LARGEST_IN_CHUNK) {
        header *h = malloc(sizeof(header) + size);
        if (h == NULL) out_of_memory();
        h->owner = NULL;
        h->capacity = size;
        return h + 1;
    }
    size_t capacity = rounded(size == 0 ? 1 : size);
    size_t needed = sizeof(header) + capacity;
    chunk *c = current;
    if (c == NULL || c->used + needed > CHUNK_SIZE) c = new_current_chunk();
    header *h = (header *)(c->data + c->used);
    c->used += needed;
    atomic_fetch_add_explicit(&c->live, 1, memory_order_relaxed);
    h->owner = c;
    h->capacity = capacity;
    return h + 1;
}

static void page_free(void *pointer) {
    if (pointer == NULL) return;
    header *h = (header *)pointer - 1;
    chunk *c = h->owner;
    if (c == ARENA_OWNER) return;
    if (c == NULL) {
        free(h);
        return;
    }
    size_t before = atomic_fetch_sub_explicit(&c->live, 1, memory_order_acq_rel);
    if (before == 1) {
        free(c);
    } else if (before == 2 && c == current) {
        /* Only the count this thread holds for its current chunk is left: nothing in it is
           live, and only this thread allocates from it. */
        c->used = 0;
    }
}

static void *page_calloc(size_t count, size_t size) {
    if (size != 0 && count > SIZE_MAX / size) out_of_memory();
    void *block = allocate(count * size);
    memset(block, 0, count * size);
    return block;
}

/* Grows `pointer`'s block to `size` where it is when it is the last block of the chunk whose
   bytes are `data` (`*used` of them used): a buffer being written, such as the rendered HTML,
   is most often that block. Whether it did. */
static int grow_in_place(void *pointer, size_t size, unsigned char *data, size_t *used) {
    header *h = (header *)pointer - 1;
    unsigned char *end = (unsigned char *)pointer + h->capacity;
    size_t capacity = rounded(size);
    if (size > LARGEST_IN_CHUNK || end != data + *used || *used + (capacity - h->capacity) > CHUNK_SIZE) return 0;
    *used += capacity - h->capacity;
    h->capacity = capacity;
    return 1;
}

static void *page_realloc(void *pointer, size_t size) {
    if (pointer == NULL) return allocate(size);
    header *h = (header *)pointer - 1;
    if (size <= h->capacity) return pointer;
    if (h->owner == ARENA_OWNER && active_arena != NULL && active_arena->chunks != NULL) {
        arena_chunk *ac = active_arena->chunks;
        if (grow_in_place(pointer, size, ac->data, &ac->used)) return pointer;
    }
    chunk *c = h->owner;
    if (c != NULL && c == current && grow_in_place(pointer, size, c->data, &c->used)) return pointer;
    void *moved = allocate(size);
    memcpy(moved, pointer, h->capacity);
    page_free(pointer);
    return moved;
}

static cmark_mem page_memory = {page_calloc, page_realloc, page_free};

/* AddressSanitizer checks each block malloc gives on its own; inside a chunk it would not see
   a block written past its end or used after its free. */
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SITEGEN_CHECKED_MEMORY 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define SITEGEN_CHECKED_MEMORY 1
#endif

static cmark_mem *parser_memory(void) {
#ifdef SITEGEN_CHECKED_MEMORY
    return cmark_get_default_mem_allocator();
#else
    return &page_memory;
#endif
}

int sitegen_page_memory_in_use(void) {
    return parser_memory() == &page_memory;
}

cmark_parser *sitegen_page_parser_new(int options) {
    return cmark_parser_new_with_mem(options, parser_memory());
}

cmark_node *sitegen_page_node_new(int type) {
    return cmark_node_new_with_mem((cmark_node_type)type, parser_memory());
}

char *sitegen_page_render_html(cmark_node *root, int options, void *extensions) {
    return cmark_render_html_with_mem(root, options, (cmark_llist *)extensions, parser_memory());
}

void sitegen_page_free(void *block) {
    parser_memory()->free(block);
}

void *sitegen_page_allocate(size_t size) {
    return allocate(size);
}

void *sitegen_page_reallocate(void *block, size_t size) {
    return page_realloc(block, size);
}

void sitegen_page_deallocate(void *block) {
    page_free(block);
}

size_t sitegen_page_chunk_offset(void) {
    return current == NULL ? 0 : current->used;
}

sitegen_page_arena *sitegen_page_arena_new(void) {
#ifdef SITEGEN_CHECKED_MEMORY
    return NULL;
#else
    sitegen_page_arena *arena = calloc(1, sizeof(sitegen_page_arena));
    if (arena == NULL) out_of_memory();
    return arena;
#endif
}

sitegen_page_arena *sitegen_page_arena_enter(sitegen_page_arena *arena) {
    sitegen_page_arena *previous = active_arena;
    active_arena = arena;
    return previous;
}

void sitegen_page_arena_free(sitegen_page_arena *arena) {
    if (arena == NULL) return;
    arena_chunk *c = arena->chunks;
    while (c != NULL) {
        arena_chunk *next = c->next;
        if (kept_count < KEPT_CHUNKS) {
            if (kept_chunks == NULL) {
                /* Any value but NULL has the thread free its kept chunks when it ends. */
                pthread_once(&kept_once, make_kept_key);
                pthread_setspecific(kept_key, &kept_key);
            }
            c->next = kept_chunks;
            kept_chunks = c;
            kept_count += 1;
        } else {
            free(c);
        }
        c = next;
    }
    large_block *block = arena->large;
    while (block != NULL) {
        large_block *next = block->next;
        free(block);
        block = next;
    }
    free(arena);
}

size_t sitegen_page_unscoped_allocations(void) {
    return unscoped_allocations;
}

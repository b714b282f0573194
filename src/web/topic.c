/*
 * topic.c: the optional topic of a consultation, meeting, story or spreekuur
 * question on its form (partials/onderwerp_veld) and on its public page. The
 * codes are the topics residents follow (domain/resident.h).
 */
#include "web.h"

#include "domain/resident.h"
#include "web/render.h"

#include <string.h>

void web_topic_field(struct req *r, json_t *ctx, const char *id, const char *value,
                     const char *error)
{
    json_t *f = json_object(), *opts = json_array();
    bool known = false;
    for (size_t i = 0; i < resident_ntopics; i++) {
        bool sel = value && strcmp(value, resident_topics[i].code) == 0;
        known = known || sel;
        json_array_append_new(opts,
                              json_pack("{s:s,s:s,s:b}", "code", resident_topics[i].code, "label",
                                        T(r, resident_topics[i].label), "selected", sel));
    }
    ctx_str(f, "id", id);
    ctx_str(f, "error", error);
    /* an unknown code comes back as it was typed, chosen, with the error */
    if (value && *value && !known)
        ctx_str(f, "unknown", value);
    json_object_set_new(f, "options", opts);
    json_object_set_new(ctx, "topic_field", f);
}

const char *web_topic_label(struct req *r, const char *code)
{
    const char *label = resident_topic_label(code);
    return label ? T(r, label) : NULL;
}

package org.imageserving.ps.image;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.imageserving.ps.catalog.CatalogRecord;
import org.imageserving.ps.catalog.Catalogs;
import org.imageserving.ps.http.RequestException;
import org.imageserving.ps.request.Modifier;
import org.imageserving.ps.request.ModifierTokenizer;
import org.imageserving.ps.request.ObjectResolver;
import org.imageserving.ps.request.ResolvedObject;

/**
 * What a request's commands are assembled from besides its URL ("Templates", "template"): the object whose record
 * supplies the {@code Modifier} (the request body) and layer 0's default source, and the {@code PostModifier}.
 *
 * <p>Without {@code template=} both come from the URL's object. With {@code template=rootId/id}, the template record's
 * {@code Modifier} is the body and its {@code Path} (empty, or a fixed background) layer 0's default source; the URL's
 * object is not layer 0 but {@code $object$}, and its {@code Modifier} takes effect only where {@code $object$} is
 * used as a layer's {@code src=} (as any record used as a layer source contributes its {@code Modifier}); the URL
 * object's {@code PostModifier} is always applied and the template record's own is ignored. {@code template=} may not
 * stand in a {@code Modifier} or {@code PostModifier} (a template calls another only inside a nested {@code is{}}
 * request, where it is that request's URL). The templates a request is inside of are counted along its nested
 * requests: one that comes round again is a loop, refused at once.
 *
 * @param target    the object layer 0 and the reply's catalog record come from (the template's record with the URL's
 *                  main catalog when {@code template=} is given)
 * @param templates the templates this request is inside of, outermost first ({@code catalog file/id})
 */
record RequestBody(ResolvedObject target, List<Modifier> modifier, List<Modifier> postModifier,
                   List<String> templates) {

    /**
     * @param object    the URL's object, resolved
     * @param url       the URL's modifiers (a nested request's query)
     * @param templates the templates around this request (empty for the client's own request)
     */
    static RequestBody of(ObjectResolver resolver, Catalogs all, ResolvedObject object, List<Modifier> url,
                          String locale, List<String> templates) {
        String called = null;
        for (Modifier m : url) {
            if (m.kind() == Modifier.Kind.COMMAND && m.name().equals("template")) {
                called = m.value().strip();
            }
        }
        String template = called;
        Optional<CatalogRecord> record = object.record();
        List<Modifier> post = fields(record.map(CatalogRecord::postModifier).orElse(""), "PostModifier", record);
        if (template == null) {
            List<Modifier> modifier = fields(record.map(CatalogRecord::modifier).orElse(""), "Modifier", record);
            // a record without Path is a template named in the URL path
            List<String> inside = record.isPresent() && object.sourcePath().isEmpty()
                    ? enter(templates, record.get()) : templates;
            return new RequestBody(object, modifier, post, inside);
        }
        if (template.isEmpty()) {
            throw new RequestException(403, "template= names no template");
        }
        ResolvedObject named = resolver.resolveIn(all, object.main(), template, locale);
        CatalogRecord body = named.record().orElseThrow(() -> new RequestException(403, "template=" + template
                + ": no such catalog record (a template is a catalog record whose Modifier is its body)"));
        List<Modifier> modifier = fields(body.modifier(), "Modifier", Optional.of(body));
        ResolvedObject target = new ResolvedObject(object.requested(), object.main(), Optional.of(body),
                named.sourcePath());
        return new RequestBody(target, modifier, post, enter(templates, body));
    }

    /** Refuses a {@code template=} that a macro brought in: only the URL (or a nested request's) may call one. */
    static void checkTemplateCommand(java.util.Map<String, String> commands, List<Modifier> url) {
        String assembled = commands.get("template");
        if (assembled == null) {
            return;
        }
        boolean inUrl = url.stream().anyMatch(m -> m.kind() == Modifier.Kind.COMMAND && m.name().equals("template")
                && m.value().strip().equals(assembled.strip()));
        if (!inUrl) {
            throw new RequestException(403, "template=" + assembled + ": a template is called by the request itself, "
                    + "not by a macro or a catalog field");
        }
    }

    /** The modifier of a catalog field, refused when it calls a template itself. */
    private static List<Modifier> fields(String text, String field, Optional<CatalogRecord> record) {
        List<Modifier> modifiers = ModifierTokenizer.fromCatalog(text);
        for (Modifier m : modifiers) {
            if (m.kind() == Modifier.Kind.COMMAND && m.name().equals("template")) {
                throw new RequestException(403, "template=" + m.value() + " in catalog::" + field + " of '"
                        + record.map(CatalogRecord::id).orElse("") + "': a template can be called there only inside "
                        + "a nested request (src=is{...?template=...})");
            }
        }
        return modifiers;
    }

    private static List<String> enter(List<String> templates, CatalogRecord template) {
        String name = template.catalog().name() + "/" + template.id();
        if (templates.contains(name)) {
            throw new RequestException(403, "template '" + template.id() + "' includes itself ("
                    + String.join(" > ", templates) + " > " + name + ")");
        }
        List<String> inside = new ArrayList<>(templates);
        inside.add(name);
        return List.copyOf(inside);
    }
}

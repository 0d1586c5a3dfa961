package org.lmc.web.pages;

import jakarta.ws.rs.NameBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks signed-in pages, whose browser session is a cookie: every unsafe request to them (a form's POST) must carry the
 * browser's form token ({@link FormToken}), or {@link FormTokenCheck} refuses it before the resource runs.
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface FormTokenChecked {
}

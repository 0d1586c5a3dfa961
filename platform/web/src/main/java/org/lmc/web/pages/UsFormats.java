package org.lmc.web.pages;

import io.quarkus.qute.TemplateExtension;
import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.text.NumberFormat;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Currency;
import java.util.Locale;

/**
 * Dates and money as US readers write them, for every page: {@code {fmt:date(d)}} gives "Jan 15, 2031",
 * {@code {fmt:money(cents, "USD")}} gives "$1,234.56", {@code {fmt:number(n)}} gives "1,234.5". Instants are shown as
 * their UTC day, the day the records are kept in.
 */
@TemplateExtension(namespace = "fmt")
public final class UsFormats {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("MMM d, yyyy", Locale.US);

    private UsFormats() {
    }

    /** A {@link LocalDate} or an {@link Instant} (its UTC day) as "Jan 15, 2031"; empty for null. */
    public static String date(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Instant instant) {
            return DATE.format(instant.atZone(ZoneOffset.UTC).toLocalDate());
        }
        if (value instanceof LocalDate day) {
            return DATE.format(day);
        }
        throw new IllegalArgumentException("not a date: " + value.getClass().getName());
    }

    /** Integer cents in an ISO 4217 currency: "$1,234.56" for USD, "EUR 1,234.56" for any other. */
    public static String money(long cents, String currency) {
        BigDecimal amount = BigDecimal.valueOf(cents, 2);
        if ("USD".equals(currency)) {
            NumberFormat format = NumberFormat.getCurrencyInstance(Locale.US);
            format.setCurrency(Currency.getInstance("USD"));
            return format.format(amount);
        }
        return currency + " " + grouped(2).format(amount);
    }

    /** A number with US grouping and up to two decimals: "1,234.5". */
    public static String number(Object value) {
        if (value == null) {
            return "";
        }
        return grouped(0).format(value instanceof BigDecimal d ? d : new BigDecimal(value.toString()));
    }

    /** A share in [0, 1] as a whole percentage: "40%". */
    public static String percent(Object share) {
        BigDecimal value = share instanceof BigDecimal d ? d : new BigDecimal(share.toString());
        return value.movePointRight(2).setScale(0, java.math.RoundingMode.HALF_UP).toPlainString() + "%";
    }

    /** A code as words for a reader: {@code UNION_LEADER} is "Union leader", {@code FOUNDATION_TRAVEL_GRANT} "Foundation travel grant". */
    public static String words(String code) {
        if (code == null || code.isEmpty()) {
            return "";
        }
        String words = code.replace('_', ' ').toLowerCase(Locale.US);
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    private static DecimalFormat grouped(int minimumFractionDigits) {
        DecimalFormat format = new DecimalFormat("#,##0.##", DecimalFormatSymbols.getInstance(Locale.US));
        format.setMinimumFractionDigits(minimumFractionDigits);
        format.setMaximumFractionDigits(2);
        return format;
    }
}

package dev.locus.ui.edit;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.function.Function;
import javafx.beans.value.ObservableValue;
import javafx.scene.control.TextField;
import javafx.scene.control.TextFormatter;
import javafx.scene.control.Tooltip;
import javafx.util.StringConverter;
import org.controlsfx.control.PropertySheet;
import org.controlsfx.property.editor.AbstractPropertyEditor;
import org.controlsfx.property.editor.Editors;
import org.controlsfx.property.editor.PropertyEditor;

/**
 * The edit's hyperparameters in a ControlsFX {@link PropertySheet}, each row bound to a value of the
 * {@link EditViewModel}. Numbers are typed as text (so that {@code 2e-3} works) and taken on Enter or when the field
 * loses focus; what the engine rejects is shown under the sheet by the panel.
 */
final class EditSettingsSheet {
    private EditSettingsSheet() {
    }

    static PropertySheet of(EditViewModel vm) {
        PropertySheet sheet = new PropertySheet();
        for (EditViewModel.Field f : EditViewModel.FIELDS) {
            sheet.getItems().add(new Item(f, vm));
        }
        // One flat list in the fields' order (steps and learning rate first): every setting in sight at once.
        sheet.setMode(PropertySheet.Mode.NAME);
        sheet.setModeSwitcherVisible(false);
        sheet.setSearchBoxVisible(false);
        sheet.setPropertyEditorFactory(item -> editor((Item) item));
        sheet.getStyleClass().add("edit-settings");
        return sheet;
    }

    private static PropertyEditor<?> editor(Item item) {
        EditViewModel.Field f = item.field;
        PropertyEditor<?> editor;
        if (!f.choices().isEmpty()) {
            editor = Editors.createChoiceEditor(item, f.choices());
        } else if (f.type() == Integer.class) {
            editor = new TextEditor<>(item, converter(Integer::valueOf, String::valueOf));
        } else if (f.type() == Long.class) {
            editor = new TextEditor<>(item, converter(Long::valueOf, String::valueOf));
        } else {
            editor = new TextEditor<>(item, converter(Double::valueOf, EditSettingsSheet::plain));
        }
        if (editor.getEditor() instanceof javafx.scene.control.Control c) {
            c.setTooltip(new Tooltip(f.description()));
        }
        return editor;
    }

    /** 0.002 rather than 2.0E-3: what a researcher writes in a config. */
    static String plain(Double v) {
        return v == null ? "" : BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    /** Parses with {@code parse}; a text it cannot read throws, and the field then goes back to its value. */
    private static <T> StringConverter<T> converter(Function<String, T> parse, Function<T, String> show) {
        return new StringConverter<>() {
            @Override
            public String toString(T value) {
                return value == null ? "" : show.apply(value);
            }

            @Override
            public T fromString(String text) {
                return parse.apply(text.trim());
            }
        };
    }

    /** One setting of the view model as a sheet row. */
    private static final class Item implements PropertySheet.Item {
        private final EditViewModel.Field field;
        private final EditViewModel vm;

        Item(EditViewModel.Field field, EditViewModel vm) {
            this.field = field;
            this.vm = vm;
        }

        @Override
        public Class<?> getType() {
            return field.type();
        }

        @Override
        public String getCategory() {
            return field.category();
        }

        @Override
        public String getName() {
            return field.label();
        }

        @Override
        public String getDescription() {
            return field.description();
        }

        @Override
        public Object getValue() {
            return vm.value(field.key()).get();
        }

        @Override
        public void setValue(Object value) {
            vm.value(field.key()).set(value);
        }

        @Override
        public Optional<ObservableValue<? extends Object>> getObservableValue() {
            return Optional.of(vm.value(field.key()));
        }
    }

    /** A text field holding a number through a TextFormatter, whose committed value is the setting. */
    private static final class TextEditor<T> extends AbstractPropertyEditor<T, TextField> {
        TextEditor(PropertySheet.Item item, StringConverter<T> converter) {
            super(item, field(converter));
        }

        private static <T> TextField field(StringConverter<T> converter) {
            TextField text = new TextField();
            text.setTextFormatter(new TextFormatter<>(converter));
            text.getStyleClass().add("mono");
            return text;
        }

        @SuppressWarnings("unchecked")
        private TextFormatter<T> formatter() {
            return (TextFormatter<T>) getEditor().getTextFormatter();
        }

        @Override
        protected ObservableValue<T> getObservableValue() {
            return formatter().valueProperty();
        }

        @Override
        public void setValue(T value) {
            formatter().setValue(value);
        }
    }
}

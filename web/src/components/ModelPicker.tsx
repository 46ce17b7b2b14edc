import { useId } from "react";

interface ModelPickerProps {
  offered: readonly string[];
  /** "" asks for the server's default model. */
  chosen: string;
  onChoose: (model: string) => void;
}

/** The model a direct chat asks; passthrough routes take any model name. */
export function ModelPicker({ offered, chosen, onChoose }: ModelPickerProps) {
  const id = useId();
  return (
    <div className="model-picker">
      <label htmlFor={id}>Model</label>
      <select id={id} value={chosen} onChange={(event) => onChoose(event.target.value)}>
        <option value="">Server default</option>
        {offered.map((model) => (
          <option key={model} value={model}>
            {model}
          </option>
        ))}
      </select>
    </div>
  );
}

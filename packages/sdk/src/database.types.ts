/** A JSON value, as the database stores `json` and `jsonb` columns. */
export type Json =
  | string
  | number
  | boolean
  | null
  | { [key: string]: Json | undefined }
  | Json[]

/** The public schema of the database (tables, views, functions, enums), generated from it: the type parameter of `SupabaseClient<Database>`. */
export type Database = {
  // Allows to automatically instantiate createClient with right options
  // instead of createClient<Database, { PostgrestVersion: 'XX' }>(URL, KEY)
  __InternalSupabase: {
    PostgrestVersion: "12"
  }
  public: {
    Tables: {
      announcements: {
        Row: {
          body: NonNullable<Json>
          created_at: string
          created_by: string | null
          id: string
          published_at: string | null
          target_district: string | null
          target_kind: string
          target_state: string | null
          target_status: Database["public"]["Enums"]["risk_status"] | null
          title: NonNullable<Json>
          updated_at: string
        }
        Insert: {
          body: NonNullable<Json>
          created_at?: string
          created_by?: string | null
          id?: string
          published_at?: string | null
          target_district?: string | null
          target_kind: string
          target_state?: string | null
          target_status?: Database["public"]["Enums"]["risk_status"] | null
          title: NonNullable<Json>
          updated_at?: string
        }
        Update: {
          body?: NonNullable<Json>
          created_at?: string
          created_by?: string | null
          id?: string
          published_at?: string | null
          target_district?: string | null
          target_kind?: string
          target_state?: string | null
          target_status?: Database["public"]["Enums"]["risk_status"] | null
          title?: NonNullable<Json>
          updated_at?: string
        }
        Relationships: [
          {
            foreignKeyName: "announcements_target_district_fkey"
            columns: ["target_district"]
            referencedRelation: "districts"
            referencedColumns: ["code"]
          },
          {
            foreignKeyName: "announcements_target_state_fkey"
            columns: ["target_state"]
            referencedRelation: "states"
            referencedColumns: ["code"]
          },
        ]
      }
      assessments: {
        Row: {
          answers: NonNullable<Json>
          classification: Database["public"]["Enums"]["risk_status"] | null
          declared_at: string | null
          exposed: boolean
          id: string
          idempotency_key: string
          kind: Database["public"]["Enums"]["assessment_kind"]
          person_id: string
          questionnaire_id: string
          rule_set_id: string
          seq: number
          submitted_at: string
          submitted_by: string | null
          symptomatic: boolean
        }
        Insert: {
          answers: NonNullable<Json>
          classification?: Database["public"]["Enums"]["risk_status"] | null
          declared_at?: string | null
          exposed: boolean
          id?: string
          idempotency_key: string
          kind: Database["public"]["Enums"]["assessment_kind"]
          person_id: string
          questionnaire_id: string
          rule_set_id: string
          seq?: never
          submitted_at?: string
          submitted_by?: string | null
          symptomatic: boolean
        }
        Update: {
          answers?: NonNullable<Json>
          classification?: Database["public"]["Enums"]["risk_status"] | null
          declared_at?: string | null
          exposed?: boolean
          id?: string
          idempotency_key?: string
          kind?: Database["public"]["Enums"]["assessment_kind"]
          person_id?: string
          questionnaire_id?: string
          rule_set_id?: string
          seq?: never
          submitted_at?: string
          submitted_by?: string | null
          symptomatic?: boolean
        }
        Relationships: [
          {
            foreignKeyName: "assessments_person_id_fkey"
            columns: ["person_id"]
            referencedRelation: "person_status"
            referencedColumns: ["person_id"]
          },
          {
            foreignKeyName: "assessments_person_id_fkey"
            columns: ["person_id"]
            referencedRelation: "persons"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "assessments_person_id_fkey"
            columns: ["person_id"]
            referencedRelation: "persons_summary"
            referencedColumns: ["id"]
          },
        ]
      }
      audit_log: {
        Row: {
          action: string
          actor_id: string | null
          actor_role: string
          at: string
          changed_columns: string[] | null
          details: NonNullable<Json>
          id: number
          person_id: string | null
          row_id: string | null
          table_name: string
        }
        Insert: {
          action: string
          actor_id?: string | null
          actor_role: string
          at?: string
          changed_columns?: string[] | null
          details?: NonNullable<Json>
          id?: never
          person_id?: string | null
          row_id?: string | null
          table_name: string
        }
        Update: {
          action?: string
          actor_id?: string | null
          actor_role?: string
          at?: string
          changed_columns?: string[] | null
          details?: NonNullable<Json>
          id?: never
          person_id?: string | null
          row_id?: string | null
          table_name?: string
        }
        Relationships: []
      }
      cases: {
        Row: {
          case_number: string
          close_reason: string | null
          closed_at: string | null
          created_at: string
          diagnosis_date: string
          district_code: string | null
          handled_by: string | null
          id: string
          outbreak_id: string | null
          person_id: string
          source: string
          status: Database["public"]["Enums"]["case_status"]
        }
        Insert: {
          case_number: string
          close_reason?: string | null
          closed_at?: string | null
          created_at?: string
          diagnosis_date: string
          district_code?: string | null
          handled_by?: string | null
          id?: string
          outbreak_id?: string | null
          person_id: string
          source?: string
          status?: Database["public"]["Enums"]["case_status"]
        }
        Update: {
          case_number?: string
          close_reason?: string | null
          closed_at?: string | null
          created_at?: string
          diagnosis_date?: string
          district_code?: string | null
          handled_by?: string | null
          id?: string
          outbreak_id?: string | null
          person_id?: string
          source?: string
          status?: Database["public"]["Enums"]["case_status"]
        }
        Relationships: [
          {
            foreignKeyName: "cases_district_code_fkey"
            columns: ["district_code"]
            referencedRelation: "districts"
            referencedColumns: ["code"]
          },
          {
            foreignKeyName: "cases_outbreak_id_fkey"
            columns: ["outbreak_id"]
            referencedRelation: "outbreaks"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "cases_person_id_fkey"
            columns: ["person_id"]
            referencedRelation: "person_status"
            referencedColumns: ["person_id"]
          },
          {
            foreignKeyName: "cases_person_id_fkey"
            columns: ["person_id"]
            referencedRelation: "persons"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "cases_person_id_fkey"
            columns: ["person_id"]
            referencedRelation: "persons_summary"
            referencedColumns: ["id"]
          },
        ]
      }
      contacts: {
        Row: {
          case_id: string
          created_at: string
          created_by: string | null
          id: string
          last_exposure_date: string
          person_id: string
          proximity: Database["public"]["Enums"]["contact_proximity"]
          setting: string
        }
        Insert: {
          case_id: string
          created_at?: string
          created_by?: string | null
          id?: string
          last_exposure_date: string
          person_id: string
          proximity?: Database["public"]["Enums"]["contact_proximity"]
          setting?: string
        }
        Update: {
          case_id?: string
          created_at?: string
          created_by?: string | null
          id?: string
          last_exposure_date?: string
          person_id?: string
          proximity?: Database["public"]["Enums"]["contact_proximity"]
          setting?: string
        }
        Relationships: [
          {
            foreignKeyName: "contacts_case_id_fkey"
            columns: ["case_id"]
            referencedRelation: "cases"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "contacts_case_id_fkey"
            columns: ["case_id"]
            referencedRelation: "cases_summary"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "contacts_person_id_fkey"
            columns: ["person_id"]
            referencedRelation: "person_status"
            referencedColumns: ["person_id"]
          },
          {
            foreignKeyName: "contacts_person_id_fkey"
            columns: ["person_id"]
            referencedRelation: "persons"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "contacts_person_id_fkey"
            columns: ["person_id"]
            referencedRelation: "persons_summary"
            referencedColumns: ["id"]
          },
        ]
      }
      dependents: {
        Row: {
          created_at: string
          guardian_id: string
          person_id: string
          relationship: string
        }
        Insert: {
          created_at?: string
          guardian_id: string
          person_id: string
          relationship: string
        }
        Update: {
          created_at?: string
          guardian_id?: string
          person_id?: string
          relationship?: string
        }
        Relationships: [
          {
            foreignKeyName: "dependents_person_id_fkey"
            columns: ["person_id"]
            referencedRelation: "person_status"
            referencedColumns: ["person_id"]
          },
          {
            foreignKeyName: "dependents_person_id_fkey"
            columns: ["person_id"]
            referencedRelation: "persons"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "dependents_person_id_fkey"
            columns: ["person_id"]
            referencedRelation: "persons_summary"
            referencedColumns: ["id"]
          },
        ]
      }
      device_tokens: {
        Row: {
          account_id: string
          created_at: string
          id: string
          last_seen_at: string
          platform: string
          token: string
        }
        Insert: {
          account_id?: string
          created_at?: string
          id?: string
          last_seen_at?: string
          platform: string
          token: string
        }
        Update: {
          account_id?: string
          created_at?: string
          id?: string
          last_seen_at?: string
          platform?: string
          token?: string
        }
        Relationships: []
      }
      districts: {
        Row: {
          code: string
          name: string
          state_code: string
        }
        Insert: {
          code: string
          name: string
          state_code: string
        }
        Update: {
          code?: string
          name?: string
          state_code?: string
        }
        Relationships: [
          {
            foreignKeyName: "districts_state_code_fkey"
            columns: ["state_code"]
            referencedRelation: "states"
            referencedColumns: ["code"]
          },
        ]
      }
      feedback_messages: {
        Row: {
          author_id: string | null
          body: string
          created_at: string
          from_staff: boolean
          id: string
          ticket_id: string
        }
        Insert: {
          author_id?: string | null
          body: string
          created_at?: string
          from_staff?: boolean
          id?: string
          ticket_id: string
        }
        Update: {
          author_id?: string | null
          body?: string
          created_at?: string
          from_staff?: boolean
          id?: string
          ticket_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "feedback_messages_ticket_id_fkey"
            columns: ["ticket_id"]
            referencedRelation: "feedback_ticket_summary"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "feedback_messages_ticket_id_fkey"
            columns: ["ticket_id"]
            referencedRelation: "feedback_tickets"
            referencedColumns: ["id"]
          },
        ]
      }
      feedback_tickets: {
        Row: {
          account_id: string
          category: string
          closed_at: string | null
          created_at: string
          id: string
          status: string
          subject: string
          updated_at: string
        }
        Insert: {
          account_id?: string
          category: string
          closed_at?: string | null
          created_at?: string
          id?: string
          status?: string
          subject: string
          updated_at?: string
        }
        Update: {
          account_id?: string
          category?: string
          closed_at?: string | null
          created_at?: string
          id?: string
          status?: string
          subject?: string
          updated_at?: string
        }
        Relationships: []
      }
      first_sign_ins: {
        Row: {
          signed_in_at: string
          user_id: string
        }
        Insert: {
          signed_in_at: string
          user_id: string
        }
        Update: {
          signed_in_at?: string
          user_id?: string
        }
        Relationships: []
      }
      lab_results: {
        Row: {
          created_at: string
          entered_by: string | null
          id: string
          laboratory: string | null
          person_id: string
          result: Database["public"]["Enums"]["lab_result_value"]
          sampled_on: string
          test_type: Database["public"]["Enums"]["lab_test_type"]
        }
        Insert: {
          created_at?: string
          entered_by?: string | null
          id?: string
          laboratory?: string | null
          person_id: string
          result: Database["public"]["Enums"]["lab_result_value"]
          sampled_on: string
          test_type: Database["public"]["Enums"]["lab_test_type"]
        }
        Update: {
          created_at?: string
          entered_by?: string | null
          id?: string
          laboratory?: string | null
          person_id?: string
          result?: Database["public"]["Enums"]["lab_result_value"]
          sampled_on?: string
          test_type?: Database["public"]["Enums"]["lab_test_type"]
        }
        Relationships: [
          {
            foreignKeyName: "lab_results_person_id_fkey"
            columns: ["person_id"]
            referencedRelation: "person_status"
            referencedColumns: ["person_id"]
          },
          {
            foreignKeyName: "lab_results_person_id_fkey"
            columns: ["person_id"]
            referencedRelation: "persons"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "lab_results_person_id_fkey"
            columns: ["person_id"]
            referencedRelation: "persons_summary"
            referencedColumns: ["id"]
          },
        ]
      }
      monitoring: {
        Row: {
          close_reason: string | null
          closed_at: string | null
          closed_by: string | null
          contact_attempts: number
          contact_id: string
          district_code: string | null
          ends_on: string
          id: string
          last_report_at: string | null
          person_id: string
          reviewed_at: string | null
          starts_on: string
          state: Database["public"]["Enums"]["monitoring_state"]
        }
        Insert: {
          close_reason?: string | null
          closed_at?: string | null
          closed_by?: string | null
          contact_attempts?: number
          contact_id: string
          district_code?: string | null
          ends_on: string
          id?: string
          last_report_at?: string | null
          person_id: string
          reviewed_at?: string | null
          starts_on: string
          state?: Database["public"]["Enums"]["monitoring_state"]
        }
        Update: {
          close_reason?: string | null
          closed_at?: string | null
          closed_by?: string | null
          contact_attempts?: number
          contact_id?: string
          district_code?: string | null
          ends_on?: string
          id?: string
          last_report_at?: string | null
          person_id?: string
          reviewed_at?: string | null
          starts_on?: string
          state?: Database["public"]["Enums"]["monitoring_state"]
        }
        Relationships: [
          {
            foreignKeyName: "monitoring_contact_id_fkey"
            columns: ["contact_id"]
            referencedRelation: "contacts"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "monitoring_contact_id_fkey"
            columns: ["contact_id"]
            referencedRelation: "contacts_summary"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "monitoring_district_code_fkey"
            columns: ["district_code"]
            referencedRelation: "districts"
            referencedColumns: ["code"]
          },
          {
            foreignKeyName: "monitoring_person_id_fkey"
            columns: ["person_id"]
            referencedRelation: "person_status"
            referencedColumns: ["person_id"]
          },
          {
            foreignKeyName: "monitoring_person_id_fkey"
            columns: ["person_id"]
            referencedRelation: "persons"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "monitoring_person_id_fkey"
            columns: ["person_id"]
            referencedRelation: "persons_summary"
            referencedColumns: ["id"]
          },
        ]
      }
      notifications: {
        Row: {
          account_id: string
          body: NonNullable<Json>
          created_at: string
          data: NonNullable<Json>
          id: string
          kind: string
          person_id: string | null
          read_at: string | null
          title: NonNullable<Json>
        }
        Insert: {
          account_id: string
          body: NonNullable<Json>
          created_at?: string
          data?: NonNullable<Json>
          id?: string
          kind: string
          person_id?: string | null
          read_at?: string | null
          title: NonNullable<Json>
        }
        Update: {
          account_id?: string
          body?: NonNullable<Json>
          created_at?: string
          data?: NonNullable<Json>
          id?: string
          kind?: string
          person_id?: string | null
          read_at?: string | null
          title?: NonNullable<Json>
        }
        Relationships: [
          {
            foreignKeyName: "notifications_person_id_fkey"
            columns: ["person_id"]
            referencedRelation: "person_status"
            referencedColumns: ["person_id"]
          },
          {
            foreignKeyName: "notifications_person_id_fkey"
            columns: ["person_id"]
            referencedRelation: "persons"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "notifications_person_id_fkey"
            columns: ["person_id"]
            referencedRelation: "persons_summary"
            referencedColumns: ["id"]
          },
        ]
      }
      outbreaks: {
        Row: {
          code: string
          created_at: string
          created_by: string | null
          ended_on: string | null
          id: string
          monitoring_days: number | null
          name: NonNullable<Json>
          started_on: string
        }
        Insert: {
          code: string
          created_at?: string
          created_by?: string | null
          ended_on?: string | null
          id?: string
          monitoring_days?: number | null
          name: NonNullable<Json>
          started_on: string
        }
        Update: {
          code?: string
          created_at?: string
          created_by?: string | null
          ended_on?: string | null
          id?: string
          monitoring_days?: number | null
          name?: NonNullable<Json>
          started_on?: string
        }
        Relationships: []
      }
      persons: {
        Row: {
          account_id: string | null
          address: string | null
          created_at: string
          created_by: string | null
          date_of_birth: string | null
          district_code: string | null
          email: string | null
          full_name: string
          gender: Database["public"]["Enums"]["gender"] | null
          id: string
          identity_masked: string | null
          identity_number: string | null
          identity_type: Database["public"]["Enums"]["identity_type"] | null
          nationality: string
          phone: string | null
          phone_verified_at: string | null
          postcode: string | null
          preferred_language: Database["public"]["Enums"]["language"]
          reminder_time: string
          state_code: string | null
          status: Database["public"]["Enums"]["risk_status"]
          status_since: string
          symptomatic: boolean
          updated_at: string
        }
        Insert: {
          account_id?: string | null
          address?: string | null
          created_at?: string
          created_by?: string | null
          date_of_birth?: string | null
          district_code?: string | null
          email?: string | null
          full_name: string
          gender?: Database["public"]["Enums"]["gender"] | null
          id?: string
          identity_masked?: string | null
          identity_number?: string | null
          identity_type?: Database["public"]["Enums"]["identity_type"] | null
          nationality?: string
          phone?: string | null
          phone_verified_at?: string | null
          postcode?: string | null
          preferred_language?: Database["public"]["Enums"]["language"]
          reminder_time?: string
          state_code?: string | null
          status?: Database["public"]["Enums"]["risk_status"]
          status_since?: string
          symptomatic?: boolean
          updated_at?: string
        }
        Update: {
          account_id?: string | null
          address?: string | null
          created_at?: string
          created_by?: string | null
          date_of_birth?: string | null
          district_code?: string | null
          email?: string | null
          full_name?: string
          gender?: Database["public"]["Enums"]["gender"] | null
          id?: string
          identity_masked?: string | null
          identity_number?: string | null
          identity_type?: Database["public"]["Enums"]["identity_type"] | null
          nationality?: string
          phone?: string | null
          phone_verified_at?: string | null
          postcode?: string | null
          preferred_language?: Database["public"]["Enums"]["language"]
          reminder_time?: string
          state_code?: string | null
          status?: Database["public"]["Enums"]["risk_status"]
          status_since?: string
          symptomatic?: boolean
          updated_at?: string
        }
        Relationships: [
          {
            foreignKeyName: "persons_district_code_fkey"
            columns: ["district_code"]
            referencedRelation: "districts"
            referencedColumns: ["code"]
          },
          {
            foreignKeyName: "persons_state_code_fkey"
            columns: ["state_code"]
            referencedRelation: "states"
            referencedColumns: ["code"]
          },
        ]
      }
      place_of_birth_codes: {
        Row: {
          code: string
          description: string
          kind: string
          state_code: string | null
        }
        Insert: {
          code: string
          description: string
          kind: string
          state_code?: string | null
        }
        Update: {
          code?: string
          description?: string
          kind?: string
          state_code?: string | null
        }
        Relationships: [
          {
            foreignKeyName: "place_of_birth_codes_state_code_fkey"
            columns: ["state_code"]
            referencedRelation: "states"
            referencedColumns: ["code"]
          },
        ]
      }
      questionnaires: {
        Row: {
          all_no: Json | null
          created_at: string
          created_by: string | null
          exposures: string[] | null
          id: string
          published_at: string | null
          symptom_group1: string[] | null
          symptom_group2: string[] | null
          title: NonNullable<Json>
          version: number
        }
        Insert: {
          all_no?: Json | null
          created_at?: string
          created_by?: string | null
          exposures?: string[] | null
          id?: string
          published_at?: string | null
          symptom_group1?: string[] | null
          symptom_group2?: string[] | null
          title: NonNullable<Json>
          version: number
        }
        Update: {
          all_no?: Json | null
          created_at?: string
          created_by?: string | null
          exposures?: string[] | null
          id?: string
          published_at?: string | null
          symptom_group1?: string[] | null
          symptom_group2?: string[] | null
          title?: NonNullable<Json>
          version?: number
        }
        Relationships: []
      }
      questions: {
        Row: {
          code: string
          kind: Database["public"]["Enums"]["question_kind"]
          position: number
          questionnaire_id: string
          symptom_group: number | null
          text: NonNullable<Json>
        }
        Insert: {
          code: string
          kind: Database["public"]["Enums"]["question_kind"]
          position: number
          questionnaire_id: string
          symptom_group?: number | null
          text: NonNullable<Json>
        }
        Update: {
          code?: string
          kind?: Database["public"]["Enums"]["question_kind"]
          position?: number
          questionnaire_id?: string
          symptom_group?: number | null
          text?: NonNullable<Json>
        }
        Relationships: [
          {
            foreignKeyName: "questions_questionnaire_id_fkey"
            columns: ["questionnaire_id"]
            referencedRelation: "questionnaires"
            referencedColumns: ["id"]
          },
        ]
      }
      report_subscriptions: {
        Row: {
          active: boolean
          created_at: string
          districts: string[]
          email: string | null
          id: string
          language: Database["public"]["Enums"]["language"]
          sections: string[]
          staff_id: string
          states: string[]
          updated_at: string
        }
        Insert: {
          active?: boolean
          created_at?: string
          districts?: string[]
          email?: string | null
          id?: string
          language?: Database["public"]["Enums"]["language"]
          sections?: string[]
          staff_id?: string
          states?: string[]
          updated_at?: string
        }
        Update: {
          active?: boolean
          created_at?: string
          districts?: string[]
          email?: string | null
          id?: string
          language?: Database["public"]["Enums"]["language"]
          sections?: string[]
          staff_id?: string
          states?: string[]
          updated_at?: string
        }
        Relationships: [
          {
            foreignKeyName: "report_subscriptions_staff_id_fkey"
            columns: ["staff_id"]
            referencedRelation: "staff"
            referencedColumns: ["user_id"]
          },
        ]
      }
      reports: {
        Row: {
          claimed_until: string | null
          csv: string | null
          data: Json | null
          delivered_at: string | null
          document: string | null
          email_error: string | null
          email_to: string | null
          emailed_at: string | null
          error: string | null
          generated_at: string
          id: string
          language: Database["public"]["Enums"]["language"]
          personal_data: boolean
          report_date: string
          sections: string[]
          staff_id: string
          status: string
          subscription_id: string | null
        }
        Insert: {
          claimed_until?: string | null
          csv?: string | null
          data?: Json | null
          delivered_at?: string | null
          document?: string | null
          email_error?: string | null
          email_to?: string | null
          emailed_at?: string | null
          error?: string | null
          generated_at?: string
          id?: string
          language: Database["public"]["Enums"]["language"]
          personal_data: boolean
          report_date: string
          sections: string[]
          staff_id: string
          status?: string
          subscription_id?: string | null
        }
        Update: {
          claimed_until?: string | null
          csv?: string | null
          data?: Json | null
          delivered_at?: string | null
          document?: string | null
          email_error?: string | null
          email_to?: string | null
          emailed_at?: string | null
          error?: string | null
          generated_at?: string
          id?: string
          language?: Database["public"]["Enums"]["language"]
          personal_data?: boolean
          report_date?: string
          sections?: string[]
          staff_id?: string
          status?: string
          subscription_id?: string | null
        }
        Relationships: [
          {
            foreignKeyName: "reports_staff_id_fkey"
            columns: ["staff_id"]
            referencedRelation: "staff"
            referencedColumns: ["user_id"]
          },
          {
            foreignKeyName: "reports_subscription_id_fkey"
            columns: ["subscription_id"]
            referencedRelation: "report_subscriptions"
            referencedColumns: ["id"]
          },
        ]
      }
      rule_sets: {
        Row: {
          created_at: string
          created_by: string | null
          group1_threshold: number
          group2_threshold: number
          id: string
          lost_after_days: number
          monitoring_days: number
          non_reporting_hours: number
          published_at: string | null
          version: number
        }
        Insert: {
          created_at?: string
          created_by?: string | null
          group1_threshold?: number
          group2_threshold?: number
          id?: string
          lost_after_days?: number
          monitoring_days?: number
          non_reporting_hours?: number
          published_at?: string | null
          version: number
        }
        Update: {
          created_at?: string
          created_by?: string | null
          group1_threshold?: number
          group2_threshold?: number
          id?: string
          lost_after_days?: number
          monitoring_days?: number
          non_reporting_hours?: number
          published_at?: string | null
          version?: number
        }
        Relationships: []
      }
      staff: {
        Row: {
          active: boolean
          created_at: string
          full_name: string
          joined_at: string | null
          role: Database["public"]["Enums"]["staff_role"]
          state_code: string | null
          updated_at: string
          user_id: string
        }
        Insert: {
          active?: boolean
          created_at?: string
          full_name: string
          joined_at?: string | null
          role: Database["public"]["Enums"]["staff_role"]
          state_code?: string | null
          updated_at?: string
          user_id: string
        }
        Update: {
          active?: boolean
          created_at?: string
          full_name?: string
          joined_at?: string | null
          role?: Database["public"]["Enums"]["staff_role"]
          state_code?: string | null
          updated_at?: string
          user_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "staff_state_code_fkey"
            columns: ["state_code"]
            referencedRelation: "states"
            referencedColumns: ["code"]
          },
        ]
      }
      staff_districts: {
        Row: {
          district_code: string
          staff_id: string
        }
        Insert: {
          district_code: string
          staff_id: string
        }
        Update: {
          district_code?: string
          staff_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "staff_districts_district_code_fkey"
            columns: ["district_code"]
            referencedRelation: "districts"
            referencedColumns: ["code"]
          },
          {
            foreignKeyName: "staff_districts_staff_id_fkey"
            columns: ["staff_id"]
            referencedRelation: "staff"
            referencedColumns: ["user_id"]
          },
        ]
      }
      states: {
        Row: {
          code: string
          kind: string
          name_en: string
          name_ms: string
          number: number
        }
        Insert: {
          code: string
          kind: string
          name_en: string
          name_ms: string
          number: number
        }
        Update: {
          code?: string
          kind?: string
          name_en?: string
          name_ms?: string
          number?: number
        }
        Relationships: []
      }
      status_history: {
        Row: {
          changed_at: string
          changed_by: string | null
          from_status: Database["public"]["Enums"]["risk_status"] | null
          id: number
          person_id: string
          reason: string
          source: string
          symptomatic: boolean
          to_status: Database["public"]["Enums"]["risk_status"]
        }
        Insert: {
          changed_at?: string
          changed_by?: string | null
          from_status?: Database["public"]["Enums"]["risk_status"] | null
          id?: never
          person_id: string
          reason: string
          source: string
          symptomatic: boolean
          to_status: Database["public"]["Enums"]["risk_status"]
        }
        Update: {
          changed_at?: string
          changed_by?: string | null
          from_status?: Database["public"]["Enums"]["risk_status"] | null
          id?: never
          person_id?: string
          reason?: string
          source?: string
          symptomatic?: boolean
          to_status?: Database["public"]["Enums"]["risk_status"]
        }
        Relationships: [
          {
            foreignKeyName: "status_history_person_id_fkey"
            columns: ["person_id"]
            referencedRelation: "person_status"
            referencedColumns: ["person_id"]
          },
          {
            foreignKeyName: "status_history_person_id_fkey"
            columns: ["person_id"]
            referencedRelation: "persons"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "status_history_person_id_fkey"
            columns: ["person_id"]
            referencedRelation: "persons_summary"
            referencedColumns: ["id"]
          },
        ]
      }
    }
    Views: {
      cases_summary: {
        Row: {
          case_number: string | null
          close_reason: string | null
          closed_at: string | null
          contact_count: number | null
          created_at: string | null
          diagnosis_date: string | null
          district_code: string | null
          district_name: string | null
          full_name: string | null
          handled_by: string | null
          handled_by_me: boolean | null
          id: string | null
          identity_masked: string | null
          monitored_count: number | null
          outbreak_code: string | null
          outbreak_id: string | null
          person_id: string | null
          person_status: Database["public"]["Enums"]["risk_status"] | null
          phone: string | null
          source: string | null
          state_code: string | null
          status: Database["public"]["Enums"]["case_status"] | null
        }
        Relationships: [
          {
            foreignKeyName: "cases_district_code_fkey"
            columns: ["district_code"]
            referencedRelation: "districts"
            referencedColumns: ["code"]
          },
          {
            foreignKeyName: "cases_outbreak_id_fkey"
            columns: ["outbreak_id"]
            referencedRelation: "outbreaks"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "cases_person_id_fkey"
            columns: ["person_id"]
            referencedRelation: "person_status"
            referencedColumns: ["person_id"]
          },
          {
            foreignKeyName: "cases_person_id_fkey"
            columns: ["person_id"]
            referencedRelation: "persons"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "cases_person_id_fkey"
            columns: ["person_id"]
            referencedRelation: "persons_summary"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "districts_state_code_fkey"
            columns: ["state_code"]
            referencedRelation: "states"
            referencedColumns: ["code"]
          },
        ]
      }
      contacts_summary: {
        Row: {
          case_id: string | null
          case_number: string | null
          created_at: string | null
          district_code: string | null
          full_name: string | null
          has_account: boolean | null
          id: string | null
          identity_masked: string | null
          last_exposure_date: string | null
          last_report_at: string | null
          monitoring_ends_on: string | null
          monitoring_id: string | null
          monitoring_state:
            | Database["public"]["Enums"]["monitoring_state"]
            | null
          person_id: string | null
          phone: string | null
          proximity: Database["public"]["Enums"]["contact_proximity"] | null
          setting: string | null
          status: Database["public"]["Enums"]["risk_status"] | null
          symptomatic: boolean | null
        }
        Relationships: [
          {
            foreignKeyName: "contacts_case_id_fkey"
            columns: ["case_id"]
            referencedRelation: "cases"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "contacts_case_id_fkey"
            columns: ["case_id"]
            referencedRelation: "cases_summary"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "contacts_person_id_fkey"
            columns: ["person_id"]
            referencedRelation: "person_status"
            referencedColumns: ["person_id"]
          },
          {
            foreignKeyName: "contacts_person_id_fkey"
            columns: ["person_id"]
            referencedRelation: "persons"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "contacts_person_id_fkey"
            columns: ["person_id"]
            referencedRelation: "persons_summary"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "persons_district_code_fkey"
            columns: ["district_code"]
            referencedRelation: "districts"
            referencedColumns: ["code"]
          },
        ]
      }
      feedback_ticket_summary: {
        Row: {
          account_id: string | null
          category: string | null
          closed_at: string | null
          created_at: string | null
          id: string | null
          last_message_at: string | null
          message_count: number | null
          sender_name: string | null
          sender_phone_masked: string | null
          status: string | null
          subject: string | null
          updated_at: string | null
        }
        Relationships: []
      }
      lab_results_summary: {
        Row: {
          created_at: string | null
          district_code: string | null
          full_name: string | null
          id: string | null
          identity_masked: string | null
          laboratory: string | null
          person_id: string | null
          result: Database["public"]["Enums"]["lab_result_value"] | null
          sampled_on: string | null
          status: Database["public"]["Enums"]["risk_status"] | null
          test_type: Database["public"]["Enums"]["lab_test_type"] | null
        }
        Relationships: [
          {
            foreignKeyName: "lab_results_person_id_fkey"
            columns: ["person_id"]
            referencedRelation: "person_status"
            referencedColumns: ["person_id"]
          },
          {
            foreignKeyName: "lab_results_person_id_fkey"
            columns: ["person_id"]
            referencedRelation: "persons"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "lab_results_person_id_fkey"
            columns: ["person_id"]
            referencedRelation: "persons_summary"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "persons_district_code_fkey"
            columns: ["district_code"]
            referencedRelation: "districts"
            referencedColumns: ["code"]
          },
        ]
      }
      monitoring_list_counts: {
        Row: {
          line_list: string | null
          monitored: number | null
        }
        Relationships: []
      }
      monitoring_summary: {
        Row: {
          case_id: string | null
          case_number: string | null
          contact_attempts: number | null
          days_left: number | null
          district_code: string | null
          ends_on: string | null
          full_name: string | null
          identity_masked: string | null
          last_exposure_date: string | null
          last_report_at: string | null
          line_list: string | null
          monitoring_id: string | null
          person_id: string | null
          phone: string | null
          proximity: Database["public"]["Enums"]["contact_proximity"] | null
          reviewed_at: string | null
          setting: string | null
          starts_on: string | null
          state: Database["public"]["Enums"]["monitoring_state"] | null
          status: Database["public"]["Enums"]["risk_status"] | null
          symptomatic: boolean | null
        }
        Relationships: [
          {
            foreignKeyName: "contacts_case_id_fkey"
            columns: ["case_id"]
            referencedRelation: "cases"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "contacts_case_id_fkey"
            columns: ["case_id"]
            referencedRelation: "cases_summary"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "monitoring_person_id_fkey"
            columns: ["person_id"]
            referencedRelation: "person_status"
            referencedColumns: ["person_id"]
          },
          {
            foreignKeyName: "monitoring_person_id_fkey"
            columns: ["person_id"]
            referencedRelation: "persons"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "monitoring_person_id_fkey"
            columns: ["person_id"]
            referencedRelation: "persons_summary"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "persons_district_code_fkey"
            columns: ["district_code"]
            referencedRelation: "districts"
            referencedColumns: ["code"]
          },
        ]
      }
      person_status: {
        Row: {
          declaration: Json | null
          full_name: string | null
          monitoring: Json | null
          person_id: string | null
          preferred_language: Database["public"]["Enums"]["language"] | null
          relationship: string | null
          status: Database["public"]["Enums"]["risk_status"] | null
          status_since: string | null
          symptomatic: boolean | null
        }
        Relationships: []
      }
      persons_summary: {
        Row: {
          created_at: string | null
          date_of_birth: string | null
          district_code: string | null
          district_name: string | null
          full_name: string | null
          gender: Database["public"]["Enums"]["gender"] | null
          has_account: boolean | null
          id: string | null
          identity_masked: string | null
          identity_type: Database["public"]["Enums"]["identity_type"] | null
          is_dependent: boolean | null
          phone: string | null
          preferred_language: Database["public"]["Enums"]["language"] | null
          state_code: string | null
          state_name_en: string | null
          state_name_ms: string | null
          status: Database["public"]["Enums"]["risk_status"] | null
          status_since: string | null
          symptomatic: boolean | null
        }
        Relationships: [
          {
            foreignKeyName: "persons_district_code_fkey"
            columns: ["district_code"]
            referencedRelation: "districts"
            referencedColumns: ["code"]
          },
          {
            foreignKeyName: "persons_state_code_fkey"
            columns: ["state_code"]
            referencedRelation: "states"
            referencedColumns: ["code"]
          },
        ]
      }
    }
    Functions: {
      add_dependent: {
        Args: {
          date_of_birth?: string
          district_code?: string
          full_name: string
          gender?: Database["public"]["Enums"]["gender"]
          id?: string
          identity_number?: string
          identity_type?: Database["public"]["Enums"]["identity_type"]
          nationality?: string
          preferred_language?: Database["public"]["Enums"]["language"]
          relationship: string
        }
        Returns: {
          account_id: string | null
          address: string | null
          created_at: string
          created_by: string | null
          date_of_birth: string | null
          district_code: string | null
          email: string | null
          full_name: string
          gender: Database["public"]["Enums"]["gender"] | null
          id: string
          identity_masked: string | null
          identity_number: string | null
          identity_type: Database["public"]["Enums"]["identity_type"] | null
          nationality: string
          phone: string | null
          phone_verified_at: string | null
          postcode: string | null
          preferred_language: Database["public"]["Enums"]["language"]
          reminder_time: string
          state_code: string | null
          status: Database["public"]["Enums"]["risk_status"]
          status_since: string
          symptomatic: boolean
          updated_at: string
        }
        SetofOptions: {
          from: "*"
          to: "persons"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      add_staff_member: {
        Args: {
          districts?: string[]
          full_name: string
          role: Database["public"]["Enums"]["staff_role"]
          state_code?: string
          user_id: string
        }
        Returns: {
          active: boolean
          created_at: string
          full_name: string
          joined_at: string | null
          role: Database["public"]["Enums"]["staff_role"]
          state_code: string | null
          updated_at: string
          user_id: string
        }
        SetofOptions: {
          from: "*"
          to: "staff"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      announcement_audience_estimate: {
        Args: {
          target_district?: string
          target_kind: string
          target_state?: string
          target_status?: Database["public"]["Enums"]["risk_status"]
        }
        Returns: number
      }
      check_staff_member: {
        Args: {
          districts?: string[]
          full_name: string
          role: Database["public"]["Enums"]["staff_role"]
          state_code?: string
        }
        Returns: undefined
      }
      close_case: {
        Args: {
          case_id: string
          reason?: string
          status?: Database["public"]["Enums"]["case_status"]
        }
        Returns: {
          case_number: string
          close_reason: string | null
          closed_at: string | null
          created_at: string
          diagnosis_date: string
          district_code: string | null
          handled_by: string | null
          id: string
          outbreak_id: string | null
          person_id: string
          source: string
          status: Database["public"]["Enums"]["case_status"]
        }
        SetofOptions: {
          from: "*"
          to: "cases"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      close_monitoring: {
        Args: { monitoring_id: string; reason: string }
        Returns: {
          close_reason: string | null
          closed_at: string | null
          closed_by: string | null
          contact_attempts: number
          contact_id: string
          district_code: string | null
          ends_on: string
          id: string
          last_report_at: string | null
          person_id: string
          reviewed_at: string | null
          starts_on: string
          state: Database["public"]["Enums"]["monitoring_state"]
        }
        SetofOptions: {
          from: "*"
          to: "monitoring"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      current_questionnaire_id: {
        Args: Record<PropertyKey, never>
        Returns: string
      }
      current_rule_set_id: { Args: Record<PropertyKey, never>; Returns: string }
      dashboard_daily: {
        Args: {
          district_code?: string
          from_date: string
          metric: string
          state_code?: string
          to_date: string
        }
        Returns: {
          day: string
          value: number
        }[]
      }
      dashboard_summary: {
        Args: {
          district_code?: string
          from_date: string
          state_code?: string
          to_date: string
        }
        Returns: Json
      }
      export_my_data: { Args: Record<PropertyKey, never>; Returns: Json }
      finish_daily_report: {
        Args: {
          csv: string
          document: string
          email_error?: string
          report_id: string
        }
        Returns: {
          claimed_until: string | null
          csv: string | null
          data: Json | null
          delivered_at: string | null
          document: string | null
          email_error: string | null
          email_to: string | null
          emailed_at: string | null
          error: string | null
          generated_at: string
          id: string
          language: Database["public"]["Enums"]["language"]
          personal_data: boolean
          report_date: string
          sections: string[]
          staff_id: string
          status: string
          subscription_id: string | null
        }
        SetofOptions: {
          from: "*"
          to: "reports"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      generate_daily_reports: {
        Args: { max_new?: number; report_date?: string }
        Returns: {
          claimed_until: string | null
          csv: string | null
          data: Json | null
          delivered_at: string | null
          document: string | null
          email_error: string | null
          email_to: string | null
          emailed_at: string | null
          error: string | null
          generated_at: string
          id: string
          language: Database["public"]["Enums"]["language"]
          personal_data: boolean
          report_date: string
          sections: string[]
          staff_id: string
          status: string
          subscription_id: string | null
        }[]
        SetofOptions: {
          from: "*"
          to: "reports"
          isOneToOne: false
          isSetofReturn: true
        }
      }
      high_risk_summary: {
        Args: { district_code?: string; state_code?: string }
        Returns: {
          area_code: string
          area_name: string
          close_contacts: number
          confirmed: number
          pui: number
          symptomatic: number
        }[]
      }
      import_contacts: { Args: { case_id: string; rows: Json }; Returns: Json }
      mark_monitoring_reviewed: {
        Args: { monitoring_id: string }
        Returns: {
          close_reason: string | null
          closed_at: string | null
          closed_by: string | null
          contact_attempts: number
          contact_id: string
          district_code: string | null
          ends_on: string
          id: string
          last_report_at: string | null
          person_id: string
          reviewed_at: string | null
          starts_on: string
          state: Database["public"]["Enums"]["monitoring_state"]
        }
        SetofOptions: {
          from: "*"
          to: "monitoring"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      match_contact: {
        Args: {
          case_id: string
          full_name?: string
          identity_number?: string
          identity_type?: string
          nationality?: string
          phone?: string
        }
        Returns: Json
      }
      open_feedback_ticket: {
        Args: {
          category: string
          id?: string
          message: string
          subject: string
        }
        Returns: {
          account_id: string
          category: string
          closed_at: string | null
          created_at: string
          id: string
          status: string
          subject: string
          updated_at: string
        }
        SetofOptions: {
          from: "*"
          to: "feedback_tickets"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      person_detail: { Args: { person_id: string }; Returns: Json }
      preview_contact_import: {
        Args: { case_id: string; rows: Json }
        Returns: Json
      }
      publish_announcement: {
        Args: { id: string }
        Returns: {
          body: NonNullable<Json>
          created_at: string
          created_by: string | null
          id: string
          published_at: string | null
          target_district: string | null
          target_kind: string
          target_state: string | null
          target_status: Database["public"]["Enums"]["risk_status"] | null
          title: NonNullable<Json>
          updated_at: string
        }
        SetofOptions: {
          from: "*"
          to: "announcements"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      record_contact_attempt: {
        Args: { monitoring_id: string }
        Returns: {
          close_reason: string | null
          closed_at: string | null
          closed_by: string | null
          contact_attempts: number
          contact_id: string
          district_code: string | null
          ends_on: string
          id: string
          last_report_at: string | null
          person_id: string
          reviewed_at: string | null
          starts_on: string
          state: Database["public"]["Enums"]["monitoring_state"]
        }
        SetofOptions: {
          from: "*"
          to: "monitoring"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      register_device: {
        Args: { platform: string; token: string }
        Returns: {
          account_id: string
          created_at: string
          id: string
          last_seen_at: string
          platform: string
          token: string
        }
        SetofOptions: {
          from: "*"
          to: "device_tokens"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      register_profile: {
        Args: {
          address?: string
          date_of_birth?: string
          district_code?: string
          email?: string
          full_name: string
          gender?: Database["public"]["Enums"]["gender"]
          identity_number?: string
          identity_type?: Database["public"]["Enums"]["identity_type"]
          nationality?: string
          phone?: string
          postcode?: string
          preferred_language?: Database["public"]["Enums"]["language"]
        }
        Returns: {
          account_id: string | null
          address: string | null
          created_at: string
          created_by: string | null
          date_of_birth: string | null
          district_code: string | null
          email: string | null
          full_name: string
          gender: Database["public"]["Enums"]["gender"] | null
          id: string
          identity_masked: string | null
          identity_number: string | null
          identity_type: Database["public"]["Enums"]["identity_type"] | null
          nationality: string
          phone: string | null
          phone_verified_at: string | null
          postcode: string | null
          preferred_language: Database["public"]["Enums"]["language"]
          reminder_time: string
          state_code: string | null
          status: Database["public"]["Enums"]["risk_status"]
          status_since: string
          symptomatic: boolean
          updated_at: string
        }
        SetofOptions: {
          from: "*"
          to: "persons"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      remove_dependent: { Args: { person_id: string }; Returns: string }
      status_text: {
        Args: { status: Database["public"]["Enums"]["risk_status"] }
        Returns: Json
      }
      submit_assessment: {
        Args: {
          answers: Json
          declared_at?: string
          idempotency_key: string
          person_id: string
          questionnaire_id?: string
        }
        Returns: {
          answers: NonNullable<Json>
          classification: Database["public"]["Enums"]["risk_status"] | null
          declared_at: string | null
          exposed: boolean
          id: string
          idempotency_key: string
          kind: Database["public"]["Enums"]["assessment_kind"]
          person_id: string
          questionnaire_id: string
          rule_set_id: string
          seq: number
          submitted_at: string
          submitted_by: string | null
          symptomatic: boolean
        }
        SetofOptions: {
          from: "*"
          to: "assessments"
          isOneToOne: true
          isSetofReturn: false
        }
      }
    }
    Enums: {
      assessment_kind: "day0" | "daily"
      case_status: "active" | "recovered" | "deceased" | "closed"
      contact_proximity: "close" | "casual"
      gender: "male" | "female"
      identity_type: "mykad" | "mypr" | "passport" | "other"
      lab_result_value: "positive" | "negative" | "inconclusive"
      lab_test_type: "pcr" | "antigen"
      language: "ms" | "en" | "zh" | "ta"
      monitoring_state:
        | "active"
        | "completed"
        | "lost_to_follow_up"
        | "became_case"
        | "closed_by_officer"
      question_kind: "symptom" | "exposure"
      risk_status:
        | "pending_assessment"
        | "low_risk"
        | "casual_contact"
        | "close_contact"
        | "pui"
        | "confirmed"
      staff_role: "officer" | "supervisor" | "analyst" | "agent" | "admin"
    }
    CompositeTypes: {
      contact_import_result: {
        row_number: number | null
        outcome: string | null
        person_id: string | null
        contact_id: string | null
        reason: string | null
      }
    }
  }
}

type DatabaseWithoutInternals = Omit<Database, "__InternalSupabase">

type DefaultSchema = DatabaseWithoutInternals[Extract<keyof Database, "public">]

/** A row of a table or view, e.g. `Tables<'persons'>`. */
export type Tables<
  DefaultSchemaTableNameOrOptions extends
    | keyof (DefaultSchema["Tables"] & DefaultSchema["Views"])
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends (DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
        DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])
    : never) = never,
> = DefaultSchemaTableNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
      DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])[TableName] extends {
      Row: infer R
    }
    ? R
    : never
  : DefaultSchemaTableNameOrOptions extends keyof (DefaultSchema["Tables"] &
        DefaultSchema["Views"])
    ? (DefaultSchema["Tables"] &
        DefaultSchema["Views"])[DefaultSchemaTableNameOrOptions] extends {
        Row: infer R
      }
      ? R
      : never
    : never

/** What an insert into a table takes, e.g. `TablesInsert<'feedback'>`. */
export type TablesInsert<
  DefaultSchemaTableNameOrOptions extends
    | keyof DefaultSchema["Tables"]
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends (DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never) = never,
> = DefaultSchemaTableNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
      Insert: infer I
    }
    ? I
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
    ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
        Insert: infer I
      }
      ? I
      : never
    : never

/** What an update of a table takes, e.g. `TablesUpdate<'persons'>`. */
export type TablesUpdate<
  DefaultSchemaTableNameOrOptions extends
    | keyof DefaultSchema["Tables"]
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends (DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never) = never,
> = DefaultSchemaTableNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
      Update: infer U
    }
    ? U
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
    ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
        Update: infer U
      }
      ? U
      : never
    : never

/** The values of an enum, e.g. `Enums<'risk_status'>`. */
export type Enums<
  DefaultSchemaEnumNameOrOptions extends
    | keyof DefaultSchema["Enums"]
    | { schema: keyof DatabaseWithoutInternals },
  EnumName extends (DefaultSchemaEnumNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"]
    : never) = never,
> = DefaultSchemaEnumNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"][EnumName]
  : DefaultSchemaEnumNameOrOptions extends keyof DefaultSchema["Enums"]
    ? DefaultSchema["Enums"][DefaultSchemaEnumNameOrOptions]
    : never

/** A composite type of the database. */
export type CompositeTypes<
  PublicCompositeTypeNameOrOptions extends
    | keyof DefaultSchema["CompositeTypes"]
    | { schema: keyof DatabaseWithoutInternals },
  CompositeTypeName extends (PublicCompositeTypeNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"]
    : never) = never,
> = PublicCompositeTypeNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"][CompositeTypeName]
  : PublicCompositeTypeNameOrOptions extends keyof DefaultSchema["CompositeTypes"]
    ? DefaultSchema["CompositeTypes"][PublicCompositeTypeNameOrOptions]
    : never

/** The values of each enum at run time, e.g. `Constants.public.Enums.risk_status`. */
export const Constants = {
  public: {
    Enums: {
      assessment_kind: ["day0", "daily"],
      case_status: ["active", "recovered", "deceased", "closed"],
      contact_proximity: ["close", "casual"],
      gender: ["male", "female"],
      identity_type: ["mykad", "mypr", "passport", "other"],
      lab_result_value: ["positive", "negative", "inconclusive"],
      lab_test_type: ["pcr", "antigen"],
      language: ["ms", "en", "zh", "ta"],
      monitoring_state: [
        "active",
        "completed",
        "lost_to_follow_up",
        "became_case",
        "closed_by_officer",
      ],
      question_kind: ["symptom", "exposure"],
      risk_status: [
        "pending_assessment",
        "low_risk",
        "casual_contact",
        "close_contact",
        "pui",
        "confirmed",
      ],
      staff_role: ["officer", "supervisor", "analyst", "agent", "admin"],
    },
  },
} as const

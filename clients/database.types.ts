export type Json =
  | string
  | number
  | boolean
  | null
  | { [key: string]: Json | undefined }
  | Json[]

export type Database = {
  public: {
    Tables: {
      amazon_connections: {
        Row: {
          access_token: string
          created_at: string
          id: string
          marketplace_id: string
          seller_id: string
          status: string
          user_id: string
        }
        Insert: {
          access_token: string
          created_at?: string
          id?: string
          marketplace_id: string
          seller_id: string
          status?: string
          user_id: string
        }
        Update: {
          access_token?: string
          created_at?: string
          id?: string
          marketplace_id?: string
          seller_id?: string
          status?: string
          user_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "amazon_connections_user_id_fkey"
            columns: ["user_id"]
            referencedRelation: "users"
            referencedColumns: ["id"]
          },
        ]
      }
      amazon_media_links: {
        Row: {
          amazon_product_id: string
          asset_id: string
          created_at: string
          id: string
          position: number | null
        }
        Insert: {
          amazon_product_id: string
          asset_id: string
          created_at?: string
          id?: string
          position?: number | null
        }
        Update: {
          amazon_product_id?: string
          asset_id?: string
          created_at?: string
          id?: string
          position?: number | null
        }
        Relationships: [
          {
            foreignKeyName: "amazon_media_links_amazon_product_id_fkey"
            columns: ["amazon_product_id"]
            referencedRelation: "amazon_products"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "amazon_media_links_asset_id_fkey"
            columns: ["asset_id"]
            referencedRelation: "assets"
            referencedColumns: ["id"]
          },
        ]
      }
      amazon_products: {
        Row: {
          asin: string | null
          connection_id: string
          created_at: string
          id: string
          sku: string
          status: string
          synced_at: string | null
          title: string
        }
        Insert: {
          asin?: string | null
          connection_id: string
          created_at?: string
          id?: string
          sku: string
          status: string
          synced_at?: string | null
          title: string
        }
        Update: {
          asin?: string | null
          connection_id?: string
          created_at?: string
          id?: string
          sku?: string
          status?: string
          synced_at?: string | null
          title?: string
        }
        Relationships: [
          {
            foreignKeyName: "amazon_products_connection_id_fkey"
            columns: ["connection_id"]
            referencedRelation: "amazon_connections"
            referencedColumns: ["id"]
          },
        ]
      }
      asset_links: {
        Row: {
          asset_id: string
          created_at: string
          entity_id: string
          entity_type: string
          id: string
          role: string | null
        }
        Insert: {
          asset_id: string
          created_at?: string
          entity_id: string
          entity_type: string
          id?: string
          role?: string | null
        }
        Update: {
          asset_id?: string
          created_at?: string
          entity_id?: string
          entity_type?: string
          id?: string
          role?: string | null
        }
        Relationships: [
          {
            foreignKeyName: "asset_links_asset_id_fkey"
            columns: ["asset_id"]
            referencedRelation: "assets"
            referencedColumns: ["id"]
          },
        ]
      }
      asset_variants: {
        Row: {
          asset_id: string
          created_at: string
          file_size_bytes: number | null
          file_url: string
          id: string
          is_primary: boolean
          size_spec_id: string
        }
        Insert: {
          asset_id: string
          created_at?: string
          file_size_bytes?: number | null
          file_url: string
          id?: string
          is_primary?: boolean
          size_spec_id: string
        }
        Update: {
          asset_id?: string
          created_at?: string
          file_size_bytes?: number | null
          file_url?: string
          id?: string
          is_primary?: boolean
          size_spec_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "asset_variants_asset_id_fkey"
            columns: ["asset_id"]
            referencedRelation: "assets"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "asset_variants_size_spec_id_fkey"
            columns: ["size_spec_id"]
            referencedRelation: "media_size_specs"
            referencedColumns: ["id"]
          },
        ]
      }
      assets: {
        Row: {
          ai_feedback: string | null
          ai_score: number | null
          created_at: string
          event_id: string
          file_url: string
          id: string
          name: string
          status: string
          thumbnail_url: string | null
          type: string
          updated_at: string
          uploaded_by: string
        }
        Insert: {
          ai_feedback?: string | null
          ai_score?: number | null
          created_at?: string
          event_id: string
          file_url: string
          id?: string
          name: string
          status?: string
          thumbnail_url?: string | null
          type: string
          updated_at?: string
          uploaded_by: string
        }
        Update: {
          ai_feedback?: string | null
          ai_score?: number | null
          created_at?: string
          event_id?: string
          file_url?: string
          id?: string
          name?: string
          status?: string
          thumbnail_url?: string | null
          type?: string
          updated_at?: string
          uploaded_by?: string
        }
        Relationships: [
          {
            foreignKeyName: "assets_event_id_fkey"
            columns: ["event_id"]
            referencedRelation: "events"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "assets_uploaded_by_fkey"
            columns: ["uploaded_by"]
            referencedRelation: "users"
            referencedColumns: ["id"]
          },
        ]
      }
      budget_items: {
        Row: {
          actual_amount: number
          budgeted_amount: number
          category: string
          created_at: string
          event_id: string
          id: string
          item_name: string
          notes: string | null
          status: string
          updated_at: string
          vendor: string | null
        }
        Insert: {
          actual_amount?: number
          budgeted_amount: number
          category: string
          created_at?: string
          event_id: string
          id?: string
          item_name: string
          notes?: string | null
          status?: string
          updated_at?: string
          vendor?: string | null
        }
        Update: {
          actual_amount?: number
          budgeted_amount?: number
          category?: string
          created_at?: string
          event_id?: string
          id?: string
          item_name?: string
          notes?: string | null
          status?: string
          updated_at?: string
          vendor?: string | null
        }
        Relationships: [
          {
            foreignKeyName: "budget_items_event_id_fkey"
            columns: ["event_id"]
            referencedRelation: "events"
            referencedColumns: ["id"]
          },
        ]
      }
      call_times: {
        Row: {
          created_at: string
          date: string
          event_id: string
          id: string
          location: string | null
          model_profile_id: string | null
          notes: string | null
          stakeholder_id: string | null
          time: string
        }
        Insert: {
          created_at?: string
          date: string
          event_id: string
          id?: string
          location?: string | null
          model_profile_id?: string | null
          notes?: string | null
          stakeholder_id?: string | null
          time: string
        }
        Update: {
          created_at?: string
          date?: string
          event_id?: string
          id?: string
          location?: string | null
          model_profile_id?: string | null
          notes?: string | null
          stakeholder_id?: string | null
          time?: string
        }
        Relationships: [
          {
            foreignKeyName: "call_times_event_id_fkey"
            columns: ["event_id"]
            referencedRelation: "events"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "call_times_model_profile_id_fkey"
            columns: ["model_profile_id"]
            referencedRelation: "model_profiles"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "call_times_stakeholder_id_fkey"
            columns: ["stakeholder_id"]
            referencedRelation: "stakeholders"
            referencedColumns: ["id"]
          },
        ]
      }
      campaigns: {
        Row: {
          assets: Json | null
          brand_signals: Json | null
          channel_packs: Json | null
          created_at: string
          created_by: string
          id: string
          name: string
          organization_id: string
          pricing: Json | null
          status: string
          strategy: Json | null
          updated_at: string
        }
        Insert: {
          assets?: Json | null
          brand_signals?: Json | null
          channel_packs?: Json | null
          created_at?: string
          created_by: string
          id?: string
          name: string
          organization_id: string
          pricing?: Json | null
          status?: string
          strategy?: Json | null
          updated_at?: string
        }
        Update: {
          assets?: Json | null
          brand_signals?: Json | null
          channel_packs?: Json | null
          created_at?: string
          created_by?: string
          id?: string
          name?: string
          organization_id?: string
          pricing?: Json | null
          status?: string
          strategy?: Json | null
          updated_at?: string
        }
        Relationships: [
          {
            foreignKeyName: "campaigns_created_by_fkey"
            columns: ["created_by"]
            referencedRelation: "users"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "campaigns_organization_id_fkey"
            columns: ["organization_id"]
            referencedRelation: "organizations"
            referencedColumns: ["id"]
          },
        ]
      }
      cloudinary_assets: {
        Row: {
          asset_id: string
          bytes: number | null
          created_at: string
          folder: string | null
          format: string | null
          height: number | null
          id: string
          public_id: string
          width: number | null
        }
        Insert: {
          asset_id: string
          bytes?: number | null
          created_at?: string
          folder?: string | null
          format?: string | null
          height?: number | null
          id?: string
          public_id: string
          width?: number | null
        }
        Update: {
          asset_id?: string
          bytes?: number | null
          created_at?: string
          folder?: string | null
          format?: string | null
          height?: number | null
          id?: string
          public_id?: string
          width?: number | null
        }
        Relationships: [
          {
            foreignKeyName: "cloudinary_assets_asset_id_fkey"
            columns: ["asset_id"]
            referencedRelation: "assets"
            referencedColumns: ["id"]
          },
        ]
      }
      designer_availability: {
        Row: {
          created_at: string
          date: string
          designer_profile_id: string
          end_time: string
          event_id: string | null
          id: string
          start_time: string
          status: string
        }
        Insert: {
          created_at?: string
          date: string
          designer_profile_id: string
          end_time: string
          event_id?: string | null
          id?: string
          start_time: string
          status?: string
        }
        Update: {
          created_at?: string
          date?: string
          designer_profile_id?: string
          end_time?: string
          event_id?: string | null
          id?: string
          start_time?: string
          status?: string
        }
        Relationships: [
          {
            foreignKeyName: "designer_availability_designer_profile_id_fkey"
            columns: ["designer_profile_id"]
            referencedRelation: "designer_profiles"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "designer_availability_event_id_fkey"
            columns: ["event_id"]
            referencedRelation: "events"
            referencedColumns: ["id"]
          },
        ]
      }
      designer_profiles: {
        Row: {
          brand_id: string
          created_at: string
          id: string
          specialty: string | null
          title: string | null
          user_id: string
        }
        Insert: {
          brand_id: string
          created_at?: string
          id?: string
          specialty?: string | null
          title?: string | null
          user_id: string
        }
        Update: {
          brand_id?: string
          created_at?: string
          id?: string
          specialty?: string | null
          title?: string | null
          user_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "designer_profiles_brand_id_fkey"
            columns: ["brand_id"]
            referencedRelation: "fashion_brands"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "designer_profiles_user_id_fkey"
            columns: ["user_id"]
            referencedRelation: "users"
            referencedColumns: ["id"]
          },
        ]
      }
      event_assets: {
        Row: {
          created_at: string
          event_id: string
          id: string
          is_featured: boolean
          title: string | null
          type: string
          url: string
        }
        Insert: {
          created_at?: string
          event_id: string
          id?: string
          is_featured?: boolean
          title?: string | null
          type: string
          url: string
        }
        Update: {
          created_at?: string
          event_id?: string
          id?: string
          is_featured?: boolean
          title?: string | null
          type?: string
          url?: string
        }
        Relationships: [
          {
            foreignKeyName: "event_assets_event_id_fkey"
            columns: ["event_id"]
            referencedRelation: "events"
            referencedColumns: ["id"]
          },
        ]
      }
      event_designers: {
        Row: {
          brand_id: string
          collection_name: string | null
          collection_order: number | null
          created_at: string
          designer_profile_id: string
          event_id: string
          id: string
        }
        Insert: {
          brand_id: string
          collection_name?: string | null
          collection_order?: number | null
          created_at?: string
          designer_profile_id: string
          event_id: string
          id?: string
        }
        Update: {
          brand_id?: string
          collection_name?: string | null
          collection_order?: number | null
          created_at?: string
          designer_profile_id?: string
          event_id?: string
          id?: string
        }
        Relationships: [
          {
            foreignKeyName: "event_designers_brand_id_fkey"
            columns: ["brand_id"]
            referencedRelation: "fashion_brands"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "event_designers_designer_profile_id_fkey"
            columns: ["designer_profile_id"]
            referencedRelation: "designer_profiles"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "event_designers_event_id_fkey"
            columns: ["event_id"]
            referencedRelation: "events"
            referencedColumns: ["id"]
          },
        ]
      }
      event_models: {
        Row: {
          created_at: string
          event_id: string
          fitting_status: string
          id: string
          is_closing: boolean
          is_opening: boolean
          model_profile_id: string
          walk_order: number | null
        }
        Insert: {
          created_at?: string
          event_id: string
          fitting_status?: string
          id?: string
          is_closing?: boolean
          is_opening?: boolean
          model_profile_id: string
          walk_order?: number | null
        }
        Update: {
          created_at?: string
          event_id?: string
          fitting_status?: string
          id?: string
          is_closing?: boolean
          is_opening?: boolean
          model_profile_id?: string
          walk_order?: number | null
        }
        Relationships: [
          {
            foreignKeyName: "event_models_event_id_fkey"
            columns: ["event_id"]
            referencedRelation: "events"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "event_models_model_profile_id_fkey"
            columns: ["model_profile_id"]
            referencedRelation: "model_profiles"
            referencedColumns: ["id"]
          },
        ]
      }
      event_phases: {
        Row: {
          created_at: string
          event_id: string
          id: string
          order_index: number
          phase_key: string
          status: string
          title: string
        }
        Insert: {
          created_at?: string
          event_id: string
          id?: string
          order_index: number
          phase_key: string
          status?: string
          title: string
        }
        Update: {
          created_at?: string
          event_id?: string
          id?: string
          order_index?: number
          phase_key?: string
          status?: string
          title?: string
        }
        Relationships: [
          {
            foreignKeyName: "event_phases_event_id_fkey"
            columns: ["event_id"]
            referencedRelation: "events"
            referencedColumns: ["id"]
          },
        ]
      }
      event_rehearsals: {
        Row: {
          created_at: string
          date: string
          event_id: string
          id: string
          location: string | null
          notes: string | null
          time_slot: string
        }
        Insert: {
          created_at?: string
          date: string
          event_id: string
          id?: string
          location?: string | null
          notes?: string | null
          time_slot: string
        }
        Update: {
          created_at?: string
          date?: string
          event_id?: string
          id?: string
          location?: string | null
          notes?: string | null
          time_slot?: string
        }
        Relationships: [
          {
            foreignKeyName: "event_rehearsals_event_id_fkey"
            columns: ["event_id"]
            referencedRelation: "events"
            referencedColumns: ["id"]
          },
        ]
      }
      event_schedules: {
        Row: {
          created_at: string
          end_time: string
          event_id: string
          id: string
          start_time: string
          title: string
        }
        Insert: {
          created_at?: string
          end_time: string
          event_id: string
          id?: string
          start_time: string
          title: string
        }
        Update: {
          created_at?: string
          end_time?: string
          event_id?: string
          id?: string
          start_time?: string
          title?: string
        }
        Relationships: [
          {
            foreignKeyName: "event_schedules_event_id_fkey"
            columns: ["event_id"]
            referencedRelation: "events"
            referencedColumns: ["id"]
          },
        ]
      }
      event_sponsors_junction: {
        Row: {
          amount: number
          created_at: string
          event_id: string
          id: string
          sponsor_org_id: string
          status: string
          tier: string
        }
        Insert: {
          amount: number
          created_at?: string
          event_id: string
          id?: string
          sponsor_org_id: string
          status?: string
          tier: string
        }
        Update: {
          amount?: number
          created_at?: string
          event_id?: string
          id?: string
          sponsor_org_id?: string
          status?: string
          tier?: string
        }
        Relationships: [
          {
            foreignKeyName: "event_sponsors_junction_event_id_fkey"
            columns: ["event_id"]
            referencedRelation: "events"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "event_sponsors_junction_sponsor_org_id_fkey"
            columns: ["sponsor_org_id"]
            referencedRelation: "sponsor_organizations"
            referencedColumns: ["id"]
          },
        ]
      }
      event_stakeholders: {
        Row: {
          created_at: string
          event_id: string
          id: string
          role: string | null
          stakeholder_id: string
        }
        Insert: {
          created_at?: string
          event_id: string
          id?: string
          role?: string | null
          stakeholder_id: string
        }
        Update: {
          created_at?: string
          event_id?: string
          id?: string
          role?: string | null
          stakeholder_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "event_stakeholders_event_id_fkey"
            columns: ["event_id"]
            referencedRelation: "events"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "event_stakeholders_stakeholder_id_fkey"
            columns: ["stakeholder_id"]
            referencedRelation: "stakeholders"
            referencedColumns: ["id"]
          },
        ]
      }
      events: {
        Row: {
          attendee_registered: number | null
          attendee_target: number | null
          budget_actual: number
          budget_total: number
          created_at: string
          created_by: string
          description: string | null
          end_date: string | null
          id: string
          name: string
          organization_id: string
          progress_percentage: number
          start_date: string
          status: string
          type: string
          updated_at: string
          venue_address: string | null
          venue_name: string | null
        }
        Insert: {
          attendee_registered?: number | null
          attendee_target?: number | null
          budget_actual?: number
          budget_total?: number
          created_at?: string
          created_by: string
          description?: string | null
          end_date?: string | null
          id?: string
          name: string
          organization_id: string
          progress_percentage?: number
          start_date: string
          status?: string
          type?: string
          updated_at?: string
          venue_address?: string | null
          venue_name?: string | null
        }
        Update: {
          attendee_registered?: number | null
          attendee_target?: number | null
          budget_actual?: number
          budget_total?: number
          created_at?: string
          created_by?: string
          description?: string | null
          end_date?: string | null
          id?: string
          name?: string
          organization_id?: string
          progress_percentage?: number
          start_date?: string
          status?: string
          type?: string
          updated_at?: string
          venue_address?: string | null
          venue_name?: string | null
        }
        Relationships: [
          {
            foreignKeyName: "events_created_by_fkey"
            columns: ["created_by"]
            referencedRelation: "users"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "events_organization_id_fkey"
            columns: ["organization_id"]
            referencedRelation: "organizations"
            referencedColumns: ["id"]
          },
        ]
      }
      facebook_connections: {
        Row: {
          access_token: string
          created_at: string
          facebook_page_id: string
          id: string
          page_name: string | null
          status: string
          user_id: string
        }
        Insert: {
          access_token: string
          created_at?: string
          facebook_page_id: string
          id?: string
          page_name?: string | null
          status?: string
          user_id: string
        }
        Update: {
          access_token?: string
          created_at?: string
          facebook_page_id?: string
          id?: string
          page_name?: string | null
          status?: string
          user_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "facebook_connections_user_id_fkey"
            columns: ["user_id"]
            referencedRelation: "users"
            referencedColumns: ["id"]
          },
        ]
      }
      facebook_posts: {
        Row: {
          asset_id: string | null
          connection_id: string
          created_at: string
          facebook_post_id: string | null
          id: string
          message: string | null
          published_at: string | null
          scheduled_at: string | null
          status: string
        }
        Insert: {
          asset_id?: string | null
          connection_id: string
          created_at?: string
          facebook_post_id?: string | null
          id?: string
          message?: string | null
          published_at?: string | null
          scheduled_at?: string | null
          status?: string
        }
        Update: {
          asset_id?: string | null
          connection_id?: string
          created_at?: string
          facebook_post_id?: string | null
          id?: string
          message?: string | null
          published_at?: string | null
          scheduled_at?: string | null
          status?: string
        }
        Relationships: [
          {
            foreignKeyName: "facebook_posts_asset_id_fkey"
            columns: ["asset_id"]
            referencedRelation: "assets"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "facebook_posts_connection_id_fkey"
            columns: ["connection_id"]
            referencedRelation: "facebook_connections"
            referencedColumns: ["id"]
          },
        ]
      }
      fashion_brands: {
        Row: {
          country: string | null
          created_at: string
          id: string
          instagram: string | null
          name: string
          style: string | null
          website: string | null
        }
        Insert: {
          country?: string | null
          created_at?: string
          id?: string
          instagram?: string | null
          name: string
          style?: string | null
          website?: string | null
        }
        Update: {
          country?: string | null
          created_at?: string
          id?: string
          instagram?: string | null
          name?: string
          style?: string | null
          website?: string | null
        }
        Relationships: []
      }
      instagram_connections: {
        Row: {
          access_token: string
          created_at: string
          id: string
          instagram_account_id: string
          status: string
          user_id: string
        }
        Insert: {
          access_token: string
          created_at?: string
          id?: string
          instagram_account_id: string
          status?: string
          user_id: string
        }
        Update: {
          access_token?: string
          created_at?: string
          id?: string
          instagram_account_id?: string
          status?: string
          user_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "instagram_connections_user_id_fkey"
            columns: ["user_id"]
            referencedRelation: "users"
            referencedColumns: ["id"]
          },
        ]
      }
      instagram_posts: {
        Row: {
          asset_id: string | null
          caption: string | null
          connection_id: string
          created_at: string
          id: string
          instagram_media_id: string | null
          published_at: string | null
          scheduled_at: string | null
          status: string
        }
        Insert: {
          asset_id?: string | null
          caption?: string | null
          connection_id: string
          created_at?: string
          id?: string
          instagram_media_id?: string | null
          published_at?: string | null
          scheduled_at?: string | null
          status?: string
        }
        Update: {
          asset_id?: string | null
          caption?: string | null
          connection_id?: string
          created_at?: string
          id?: string
          instagram_media_id?: string | null
          published_at?: string | null
          scheduled_at?: string | null
          status?: string
        }
        Relationships: [
          {
            foreignKeyName: "instagram_posts_asset_id_fkey"
            columns: ["asset_id"]
            referencedRelation: "assets"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "instagram_posts_connection_id_fkey"
            columns: ["connection_id"]
            referencedRelation: "instagram_connections"
            referencedColumns: ["id"]
          },
        ]
      }
      media_size_specs: {
        Row: {
          aspect_ratio: string | null
          created_at: string
          height: number
          id: string
          is_active: boolean
          platform: string
          use_case: string
          width: number
        }
        Insert: {
          aspect_ratio?: string | null
          created_at?: string
          height: number
          id?: string
          is_active?: boolean
          platform: string
          use_case: string
          width: number
        }
        Update: {
          aspect_ratio?: string | null
          created_at?: string
          height?: number
          id?: string
          is_active?: boolean
          platform?: string
          use_case?: string
          width?: number
        }
        Relationships: []
      }
      model_agencies: {
        Row: {
          city: string | null
          contact_email: string | null
          country: string | null
          created_at: string
          id: string
          name: string
          website: string | null
        }
        Insert: {
          city?: string | null
          contact_email?: string | null
          country?: string | null
          created_at?: string
          id?: string
          name: string
          website?: string | null
        }
        Update: {
          city?: string | null
          contact_email?: string | null
          country?: string | null
          created_at?: string
          id?: string
          name?: string
          website?: string | null
        }
        Relationships: []
      }
      model_availability: {
        Row: {
          created_at: string
          date: string
          end_time: string
          event_id: string | null
          id: string
          model_profile_id: string
          start_time: string
          status: string
        }
        Insert: {
          created_at?: string
          date: string
          end_time: string
          event_id?: string | null
          id?: string
          model_profile_id: string
          start_time: string
          status?: string
        }
        Update: {
          created_at?: string
          date?: string
          end_time?: string
          event_id?: string | null
          id?: string
          model_profile_id?: string
          start_time?: string
          status?: string
        }
        Relationships: [
          {
            foreignKeyName: "model_availability_event_id_fkey"
            columns: ["event_id"]
            referencedRelation: "events"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "model_availability_model_profile_id_fkey"
            columns: ["model_profile_id"]
            referencedRelation: "model_profiles"
            referencedColumns: ["id"]
          },
        ]
      }
      model_profiles: {
        Row: {
          agency_id: string | null
          created_at: string
          eye_color: string | null
          hair_color: string | null
          height: string | null
          id: string
          measurements: string | null
          portfolio_url: string | null
          user_id: string
        }
        Insert: {
          agency_id?: string | null
          created_at?: string
          eye_color?: string | null
          hair_color?: string | null
          height?: string | null
          id?: string
          measurements?: string | null
          portfolio_url?: string | null
          user_id: string
        }
        Update: {
          agency_id?: string | null
          created_at?: string
          eye_color?: string | null
          hair_color?: string | null
          height?: string | null
          id?: string
          measurements?: string | null
          portfolio_url?: string | null
          user_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "model_profiles_agency_id_fkey"
            columns: ["agency_id"]
            referencedRelation: "model_agencies"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "model_profiles_user_id_fkey"
            columns: ["user_id"]
            referencedRelation: "users"
            referencedColumns: ["id"]
          },
        ]
      }
      organizations: {
        Row: {
          created_at: string
          id: string
          logo_url: string | null
          name: string
          plan: string
          slug: string
          updated_at: string
        }
        Insert: {
          created_at?: string
          id?: string
          logo_url?: string | null
          name: string
          plan?: string
          slug: string
          updated_at?: string
        }
        Update: {
          created_at?: string
          id?: string
          logo_url?: string | null
          name?: string
          plan?: string
          slug?: string
          updated_at?: string
        }
        Relationships: []
      }
      organizer_team_members: {
        Row: {
          created_at: string
          id: string
          role: string | null
          stakeholder_id: string | null
          team_id: string
          user_id: string | null
        }
        Insert: {
          created_at?: string
          id?: string
          role?: string | null
          stakeholder_id?: string | null
          team_id: string
          user_id?: string | null
        }
        Update: {
          created_at?: string
          id?: string
          role?: string | null
          stakeholder_id?: string | null
          team_id?: string
          user_id?: string | null
        }
        Relationships: [
          {
            foreignKeyName: "organizer_team_members_stakeholder_id_fkey"
            columns: ["stakeholder_id"]
            referencedRelation: "stakeholders"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "organizer_team_members_team_id_fkey"
            columns: ["team_id"]
            referencedRelation: "organizer_teams"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "organizer_team_members_user_id_fkey"
            columns: ["user_id"]
            referencedRelation: "users"
            referencedColumns: ["id"]
          },
        ]
      }
      organizer_teams: {
        Row: {
          created_at: string
          id: string
          name: string
          organization_id: string
          owner_id: string
          type: string | null
        }
        Insert: {
          created_at?: string
          id?: string
          name: string
          organization_id: string
          owner_id: string
          type?: string | null
        }
        Update: {
          created_at?: string
          id?: string
          name?: string
          organization_id?: string
          owner_id?: string
          type?: string | null
        }
        Relationships: [
          {
            foreignKeyName: "organizer_teams_organization_id_fkey"
            columns: ["organization_id"]
            referencedRelation: "organizations"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "organizer_teams_owner_id_fkey"
            columns: ["owner_id"]
            referencedRelation: "users"
            referencedColumns: ["id"]
          },
        ]
      }
      payments: {
        Row: {
          amount: number
          created_at: string
          currency: string
          id: string
          payer_id: string | null
          provider: string | null
          provider_transaction_id: string | null
          registration_id: string
          status: string
        }
        Insert: {
          amount: number
          created_at?: string
          currency?: string
          id?: string
          payer_id?: string | null
          provider?: string | null
          provider_transaction_id?: string | null
          registration_id: string
          status?: string
        }
        Update: {
          amount?: number
          created_at?: string
          currency?: string
          id?: string
          payer_id?: string | null
          provider?: string | null
          provider_transaction_id?: string | null
          registration_id?: string
          status?: string
        }
        Relationships: [
          {
            foreignKeyName: "payments_payer_id_fkey"
            columns: ["payer_id"]
            referencedRelation: "users"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "payments_registration_id_fkey"
            columns: ["registration_id"]
            referencedRelation: "registrations"
            referencedColumns: ["id"]
          },
        ]
      }
      registrations: {
        Row: {
          attendee_email: string
          attendee_name: string
          checked_in_at: string | null
          created_at: string
          event_id: string
          id: string
          qr_code_data: string
          status: string
          ticket_tier_id: string
          user_id: string | null
        }
        Insert: {
          attendee_email: string
          attendee_name: string
          checked_in_at?: string | null
          created_at?: string
          event_id: string
          id?: string
          qr_code_data: string
          status?: string
          ticket_tier_id: string
          user_id?: string | null
        }
        Update: {
          attendee_email?: string
          attendee_name?: string
          checked_in_at?: string | null
          created_at?: string
          event_id?: string
          id?: string
          qr_code_data?: string
          status?: string
          ticket_tier_id?: string
          user_id?: string | null
        }
        Relationships: [
          {
            foreignKeyName: "registrations_event_id_fkey"
            columns: ["event_id"]
            referencedRelation: "events"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "registrations_ticket_tier_id_fkey"
            columns: ["ticket_tier_id"]
            referencedRelation: "ticket_tiers"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "registrations_user_id_fkey"
            columns: ["user_id"]
            referencedRelation: "users"
            referencedColumns: ["id"]
          },
        ]
      }
      shoot_assets: {
        Row: {
          approved_by: string | null
          created_at: string
          file_url: string
          id: string
          is_final: boolean
          shoot_id: string
          thumbnail_url: string | null
        }
        Insert: {
          approved_by?: string | null
          created_at?: string
          file_url: string
          id?: string
          is_final?: boolean
          shoot_id: string
          thumbnail_url?: string | null
        }
        Update: {
          approved_by?: string | null
          created_at?: string
          file_url?: string
          id?: string
          is_final?: boolean
          shoot_id?: string
          thumbnail_url?: string | null
        }
        Relationships: [
          {
            foreignKeyName: "shoot_assets_approved_by_fkey"
            columns: ["approved_by"]
            referencedRelation: "users"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "shoot_assets_shoot_id_fkey"
            columns: ["shoot_id"]
            referencedRelation: "shoots"
            referencedColumns: ["id"]
          },
        ]
      }
      shoot_items: {
        Row: {
          created_at: string
          id: string
          name: string
          notes: string | null
          quantity: number | null
          shoot_id: string
          sku: string | null
          status: string
        }
        Insert: {
          created_at?: string
          id?: string
          name: string
          notes?: string | null
          quantity?: number | null
          shoot_id: string
          sku?: string | null
          status?: string
        }
        Update: {
          created_at?: string
          id?: string
          name?: string
          notes?: string | null
          quantity?: number | null
          shoot_id?: string
          sku?: string | null
          status?: string
        }
        Relationships: [
          {
            foreignKeyName: "shoot_items_shoot_id_fkey"
            columns: ["shoot_id"]
            referencedRelation: "shoots"
            referencedColumns: ["id"]
          },
        ]
      }
      shoot_payments: {
        Row: {
          amount: number
          created_at: string
          id: string
          invoice_url: string | null
          paid_at: string | null
          shoot_id: string
          status: string
        }
        Insert: {
          amount: number
          created_at?: string
          id?: string
          invoice_url?: string | null
          paid_at?: string | null
          shoot_id: string
          status?: string
        }
        Update: {
          amount?: number
          created_at?: string
          id?: string
          invoice_url?: string | null
          paid_at?: string | null
          shoot_id?: string
          status?: string
        }
        Relationships: [
          {
            foreignKeyName: "shoot_payments_shoot_id_fkey"
            columns: ["shoot_id"]
            referencedRelation: "shoots"
            referencedColumns: ["id"]
          },
        ]
      }
      shoots: {
        Row: {
          created_at: string
          created_by: string
          designer_id: string | null
          id: string
          location: string | null
          organization_id: string
          scheduled_date: string | null
          status: string
          title: string
        }
        Insert: {
          created_at?: string
          created_by: string
          designer_id?: string | null
          id?: string
          location?: string | null
          organization_id: string
          scheduled_date?: string | null
          status?: string
          title: string
        }
        Update: {
          created_at?: string
          created_by?: string
          designer_id?: string | null
          id?: string
          location?: string | null
          organization_id?: string
          scheduled_date?: string | null
          status?: string
          title?: string
        }
        Relationships: [
          {
            foreignKeyName: "shoots_created_by_fkey"
            columns: ["created_by"]
            referencedRelation: "users"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "shoots_designer_id_fkey"
            columns: ["designer_id"]
            referencedRelation: "designer_profiles"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "shoots_organization_id_fkey"
            columns: ["organization_id"]
            referencedRelation: "organizations"
            referencedColumns: ["id"]
          },
        ]
      }
      shopify_media_links: {
        Row: {
          asset_id: string
          created_at: string
          id: string
          position: number | null
          shopify_media_id: string | null
          shopify_product_id: string
        }
        Insert: {
          asset_id: string
          created_at?: string
          id?: string
          position?: number | null
          shopify_media_id?: string | null
          shopify_product_id: string
        }
        Update: {
          asset_id?: string
          created_at?: string
          id?: string
          position?: number | null
          shopify_media_id?: string | null
          shopify_product_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "shopify_media_links_asset_id_fkey"
            columns: ["asset_id"]
            referencedRelation: "assets"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "shopify_media_links_shopify_product_id_fkey"
            columns: ["shopify_product_id"]
            referencedRelation: "shopify_products"
            referencedColumns: ["id"]
          },
        ]
      }
      shopify_products: {
        Row: {
          created_at: string
          handle: string | null
          id: string
          shop_id: string
          shopify_product_id: string
          status: string
          synced_at: string | null
          title: string
        }
        Insert: {
          created_at?: string
          handle?: string | null
          id?: string
          shop_id: string
          shopify_product_id: string
          status: string
          synced_at?: string | null
          title: string
        }
        Update: {
          created_at?: string
          handle?: string | null
          id?: string
          shop_id?: string
          shopify_product_id?: string
          status?: string
          synced_at?: string | null
          title?: string
        }
        Relationships: [
          {
            foreignKeyName: "shopify_products_shop_id_fkey"
            columns: ["shop_id"]
            referencedRelation: "shopify_shops"
            referencedColumns: ["id"]
          },
        ]
      }
      shopify_shops: {
        Row: {
          access_token: string
          created_at: string
          id: string
          shop_domain: string
          status: string
          user_id: string
        }
        Insert: {
          access_token: string
          created_at?: string
          id?: string
          shop_domain: string
          status?: string
          user_id: string
        }
        Update: {
          access_token?: string
          created_at?: string
          id?: string
          shop_domain?: string
          status?: string
          user_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "shopify_shops_user_id_fkey"
            columns: ["user_id"]
            referencedRelation: "users"
            referencedColumns: ["id"]
          },
        ]
      }
      sponsor_organizations: {
        Row: {
          created_at: string
          id: string
          industry: string | null
          logo_url: string | null
          name: string
          website: string | null
        }
        Insert: {
          created_at?: string
          id?: string
          industry?: string | null
          logo_url?: string | null
          name: string
          website?: string | null
        }
        Update: {
          created_at?: string
          id?: string
          industry?: string | null
          logo_url?: string | null
          name?: string
          website?: string | null
        }
        Relationships: []
      }
      sponsors: {
        Row: {
          company_name: string
          contact_email: string | null
          contact_name: string | null
          contact_phone: string | null
          created_at: string
          event_id: string
          fit_score: number | null
          id: string
          logo_url: string | null
          notes: string | null
          status: string
          tier: string
          updated_at: string
          value: number
          website: string | null
        }
        Insert: {
          company_name: string
          contact_email?: string | null
          contact_name?: string | null
          contact_phone?: string | null
          created_at?: string
          event_id: string
          fit_score?: number | null
          id?: string
          logo_url?: string | null
          notes?: string | null
          status?: string
          tier?: string
          updated_at?: string
          value?: number
          website?: string | null
        }
        Update: {
          company_name?: string
          contact_email?: string | null
          contact_name?: string | null
          contact_phone?: string | null
          created_at?: string
          event_id?: string
          fit_score?: number | null
          id?: string
          logo_url?: string | null
          notes?: string | null
          status?: string
          tier?: string
          updated_at?: string
          value?: number
          website?: string | null
        }
        Relationships: [
          {
            foreignKeyName: "sponsors_event_id_fkey"
            columns: ["event_id"]
            referencedRelation: "events"
            referencedColumns: ["id"]
          },
        ]
      }
      sponsorship_packages: {
        Row: {
          benefits: Json | null
          created_at: string
          id: string
          name: string
          price: number
          tier: string
        }
        Insert: {
          benefits?: Json | null
          created_at?: string
          id?: string
          name: string
          price: number
          tier: string
        }
        Update: {
          benefits?: Json | null
          created_at?: string
          id?: string
          name?: string
          price?: number
          tier?: string
        }
        Relationships: []
      }
      stakeholders: {
        Row: {
          company: string | null
          created_at: string
          email: string | null
          id: string
          name: string
          phone: string | null
          role: string | null
          user_id: string | null
        }
        Insert: {
          company?: string | null
          created_at?: string
          email?: string | null
          id?: string
          name: string
          phone?: string | null
          role?: string | null
          user_id?: string | null
        }
        Update: {
          company?: string | null
          created_at?: string
          email?: string | null
          id?: string
          name?: string
          phone?: string | null
          role?: string | null
          user_id?: string | null
        }
        Relationships: [
          {
            foreignKeyName: "stakeholders_user_id_fkey"
            columns: ["user_id"]
            referencedRelation: "users"
            referencedColumns: ["id"]
          },
        ]
      }
      task_assignees: {
        Row: {
          created_at: string
          id: string
          stakeholder_id: string | null
          task_id: string
          user_id: string | null
        }
        Insert: {
          created_at?: string
          id?: string
          stakeholder_id?: string | null
          task_id: string
          user_id?: string | null
        }
        Update: {
          created_at?: string
          id?: string
          stakeholder_id?: string | null
          task_id?: string
          user_id?: string | null
        }
        Relationships: [
          {
            foreignKeyName: "task_assignees_stakeholder_id_fkey"
            columns: ["stakeholder_id"]
            referencedRelation: "stakeholders"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "task_assignees_task_id_fkey"
            columns: ["task_id"]
            referencedRelation: "tasks"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "task_assignees_user_id_fkey"
            columns: ["user_id"]
            referencedRelation: "users"
            referencedColumns: ["id"]
          },
        ]
      }
      tasks: {
        Row: {
          assigned_to: string | null
          created_at: string
          deadline: string | null
          dependency_task_ids: string[] | null
          description: string | null
          event_id: string
          id: string
          is_critical_path: boolean
          priority: string
          status: string
          title: string
          updated_at: string
          workflow_category: string
          workflow_phase: string
        }
        Insert: {
          assigned_to?: string | null
          created_at?: string
          deadline?: string | null
          dependency_task_ids?: string[] | null
          description?: string | null
          event_id: string
          id?: string
          is_critical_path?: boolean
          priority?: string
          status?: string
          title: string
          updated_at?: string
          workflow_category?: string
          workflow_phase?: string
        }
        Update: {
          assigned_to?: string | null
          created_at?: string
          deadline?: string | null
          dependency_task_ids?: string[] | null
          description?: string | null
          event_id?: string
          id?: string
          is_critical_path?: boolean
          priority?: string
          status?: string
          title?: string
          updated_at?: string
          workflow_category?: string
          workflow_phase?: string
        }
        Relationships: [
          {
            foreignKeyName: "tasks_assigned_to_fkey"
            columns: ["assigned_to"]
            referencedRelation: "users"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "tasks_event_id_fkey"
            columns: ["event_id"]
            referencedRelation: "events"
            referencedColumns: ["id"]
          },
        ]
      }
      ticket_tiers: {
        Row: {
          created_at: string
          event_id: string
          id: string
          name: string
          price: number
          quantity_sold: number
          quantity_total: number
          type: string
        }
        Insert: {
          created_at?: string
          event_id: string
          id?: string
          name: string
          price?: number
          quantity_sold?: number
          quantity_total: number
          type: string
        }
        Update: {
          created_at?: string
          event_id?: string
          id?: string
          name?: string
          price?: number
          quantity_sold?: number
          quantity_total?: number
          type?: string
        }
        Relationships: [
          {
            foreignKeyName: "ticket_tiers_event_id_fkey"
            columns: ["event_id"]
            referencedRelation: "events"
            referencedColumns: ["id"]
          },
        ]
      }
      users: {
        Row: {
          avatar_url: string | null
          created_at: string
          email: string
          full_name: string | null
          id: string
          organization_id: string
          role: string
          updated_at: string
        }
        Insert: {
          avatar_url?: string | null
          created_at?: string
          email: string
          full_name?: string | null
          id: string
          organization_id: string
          role?: string
          updated_at?: string
        }
        Update: {
          avatar_url?: string | null
          created_at?: string
          email?: string
          full_name?: string | null
          id?: string
          organization_id?: string
          role?: string
          updated_at?: string
        }
        Relationships: [
          {
            foreignKeyName: "users_organization_id_fkey"
            columns: ["organization_id"]
            referencedRelation: "organizations"
            referencedColumns: ["id"]
          },
        ]
      }
      venue_availability: {
        Row: {
          created_at: string
          date: string
          end_time: string
          event_id: string | null
          id: string
          start_time: string
          status: string
          venue_id: string
        }
        Insert: {
          created_at?: string
          date: string
          end_time: string
          event_id?: string | null
          id?: string
          start_time: string
          status?: string
          venue_id: string
        }
        Update: {
          created_at?: string
          date?: string
          end_time?: string
          event_id?: string | null
          id?: string
          start_time?: string
          status?: string
          venue_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "venue_availability_event_id_fkey"
            columns: ["event_id"]
            referencedRelation: "events"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "venue_availability_venue_id_fkey"
            columns: ["venue_id"]
            referencedRelation: "venues"
            referencedColumns: ["id"]
          },
        ]
      }
      venues: {
        Row: {
          address: string | null
          amenities: Json | null
          capacity: number | null
          city: string | null
          country: string | null
          created_at: string
          id: string
          name: string
          owner_id: string
          type: string | null
        }
        Insert: {
          address?: string | null
          amenities?: Json | null
          capacity?: number | null
          city?: string | null
          country?: string | null
          created_at?: string
          id?: string
          name: string
          owner_id: string
          type?: string | null
        }
        Update: {
          address?: string | null
          amenities?: Json | null
          capacity?: number | null
          city?: string | null
          country?: string | null
          created_at?: string
          id?: string
          name?: string
          owner_id?: string
          type?: string | null
        }
        Relationships: [
          {
            foreignKeyName: "venues_owner_id_fkey"
            columns: ["owner_id"]
            referencedRelation: "users"
            referencedColumns: ["id"]
          },
        ]
      }
    }
    Views: {
      [_ in never]: never
    }
    Functions: {
      book_resource: {
        Args: {
          p_end: string
          p_event_id: string
          p_resource_id: string
          p_resource_type: string
          p_start: string
          p_status?: string
        }
        Returns: string
      }
      cancel_registration: {
        Args: { p_registration_id: string }
        Returns: Database["public"]["CompositeTypes"]["registration_change"][]
        SetofOptions: {
          from: "*"
          to: "registration_change"
          isOneToOne: false
          isSetofReturn: true
        }
      }
      check_in: {
        Args: { p_event_id: string; p_token: string }
        Returns: Database["public"]["CompositeTypes"]["check_in_result"][]
        SetofOptions: {
          from: "*"
          to: "check_in_result"
          isOneToOne: false
          isSetofReturn: true
        }
      }
      check_ticket_inventory: {
        Args: { p_event_id?: string }
        Returns: Database["public"]["CompositeTypes"]["ticket_inventory"][]
        SetofOptions: {
          from: "*"
          to: "ticket_inventory"
          isOneToOne: false
          isSetofReturn: true
        }
      }
      claim_waitlist_offer: {
        Args: { p_entry_id?: string; p_token?: string }
        Returns: Database["public"]["CompositeTypes"]["ticket_reservation"][]
        SetofOptions: {
          from: "*"
          to: "ticket_reservation"
          isOneToOne: false
          isSetofReturn: true
        }
      }
      close_ticket_tier: {
        Args: { p_ticket_tier_id: string }
        Returns: Database["public"]["CompositeTypes"]["ticket_tier_sale"]
        SetofOptions: {
          from: "*"
          to: "ticket_tier_sale"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      complete_payment: {
        Args: {
          p_payment_id: string
          p_provider?: string
          p_provider_transaction_id?: string
        }
        Returns: Database["public"]["CompositeTypes"]["payment_outcome"][]
        SetofOptions: {
          from: "*"
          to: "payment_outcome"
          isOneToOne: false
          isSetofReturn: true
        }
      }
      confirm_option: {
        Args: { p_option_id: string }
        Returns: Database["public"]["CompositeTypes"]["booking_option"][]
        SetofOptions: {
          from: "*"
          to: "booking_option"
          isOneToOne: false
          isSetofReturn: true
        }
      }
      decline_option: {
        Args: { p_option_id: string }
        Returns: Database["public"]["CompositeTypes"]["booking_option"][]
        SetofOptions: {
          from: "*"
          to: "booking_option"
          isOneToOne: false
          isSetofReturn: true
        }
      }
      door_bundle: {
        Args: {
          p_event_id: string
          p_include_names?: boolean
          p_since?: number
        }
        Returns: Json
      }
      erase_person: {
        Args: { p_email?: string; p_user_id?: string }
        Returns: Json
      }
      event_conflicts: {
        Args: { p_event_id: string; p_limit?: number }
        Returns: Database["public"]["CompositeTypes"]["booking_conflict"][]
        SetofOptions: {
          from: "*"
          to: "booking_conflict"
          isOneToOne: false
          isSetofReturn: true
        }
      }
      events_on_sale: {
        Args: { p_from?: string; p_organization_slug?: string }
        Returns: Database["public"]["CompositeTypes"]["event_listing"][]
        SetofOptions: {
          from: "*"
          to: "event_listing"
          isOneToOne: false
          isSetofReturn: true
        }
      }
      exchange_ticket: {
        Args: { p_registration_id: string; p_ticket_tier_id: string }
        Returns: Database["public"]["CompositeTypes"]["ticket_reservation"][]
        SetofOptions: {
          from: "*"
          to: "ticket_reservation"
          isOneToOne: false
          isSetofReturn: true
        }
      }
      fail_payment: {
        Args: { p_payment_id: string }
        Returns: Database["public"]["CompositeTypes"]["payment_outcome"][]
        SetofOptions: {
          from: "*"
          to: "payment_outcome"
          isOneToOne: false
          isSetofReturn: true
        }
      }
      find_conflicts: {
        Args: {
          p_from?: string
          p_limit?: number
          p_resource_id: string
          p_resource_type: string
          p_to?: string
        }
        Returns: Database["public"]["CompositeTypes"]["booking_conflict"][]
        SetofOptions: {
          from: "*"
          to: "booking_conflict"
          isOneToOne: false
          isSetofReturn: true
        }
      }
      forget_waitlist_email: { Args: { p_email: string }; Returns: number }
      get_event_settings: {
        Args: { p_event_id: string }
        Returns: Database["public"]["CompositeTypes"]["event_settings_values"][]
        SetofOptions: {
          from: "*"
          to: "event_settings_values"
          isOneToOne: false
          isSetofReturn: true
        }
      }
      import_tickets: {
        Args: { p_source: string; p_tickets: Json }
        Returns: Database["public"]["CompositeTypes"]["imported_ticket"][]
        SetofOptions: {
          from: "*"
          to: "imported_ticket"
          isOneToOne: false
          isSetofReturn: true
        }
      }
      issue_guest_list: {
        Args: { p_guests: Json; p_ticket_tier_id: string }
        Returns: Database["public"]["CompositeTypes"]["guest_ticket"][]
        SetofOptions: {
          from: "*"
          to: "guest_ticket"
          isOneToOne: false
          isSetofReturn: true
        }
      }
      join_waitlist: {
        Args: {
          p_attendee_email: string
          p_attendee_name: string
          p_ticket_tier_id: string
        }
        Returns: Database["public"]["CompositeTypes"]["waitlist_entry"][]
        SetofOptions: {
          from: "*"
          to: "waitlist_entry"
          isOneToOne: false
          isSetofReturn: true
        }
      }
      leave_waitlist: {
        Args: { p_entry_id?: string; p_token?: string }
        Returns: Database["public"]["CompositeTypes"]["waitlist_entry"][]
        SetofOptions: {
          from: "*"
          to: "waitlist_entry"
          isOneToOne: false
          isSetofReturn: true
        }
      }
      list_options: {
        Args: {
          p_event_id?: string
          p_resource_id?: string
          p_resource_type?: string
        }
        Returns: Database["public"]["CompositeTypes"]["booking_option"][]
        SetofOptions: {
          from: "*"
          to: "booking_option"
          isOneToOne: false
          isSetofReturn: true
        }
      }
      list_ticket_exchanges: {
        Args: { p_event_id: string }
        Returns: Database["public"]["CompositeTypes"]["ticket_exchange"][]
        SetofOptions: {
          from: "*"
          to: "ticket_exchange"
          isOneToOne: false
          isSetofReturn: true
        }
      }
      list_waitlist: {
        Args: { p_ticket_tier_id: string }
        Returns: Database["public"]["CompositeTypes"]["waitlist_entry"][]
        SetofOptions: {
          from: "*"
          to: "waitlist_entry"
          isOneToOne: false
          isSetofReturn: true
        }
      }
      my_schedule: {
        Args: { p_from?: string }
        Returns: Database["public"]["CompositeTypes"]["talent_schedule_item"][]
        SetofOptions: {
          from: "*"
          to: "talent_schedule_item"
          isOneToOne: false
          isSetofReturn: true
        }
      }
      my_tickets: {
        Args: Record<PropertyKey, never>
        Returns: Database["public"]["CompositeTypes"]["my_ticket"][]
        SetofOptions: {
          from: "*"
          to: "my_ticket"
          isOneToOne: false
          isSetofReturn: true
        }
      }
      my_waitlist: {
        Args: Record<PropertyKey, never>
        Returns: Database["public"]["CompositeTypes"]["waitlist_entry"][]
        SetofOptions: {
          from: "*"
          to: "waitlist_entry"
          isOneToOne: false
          isSetofReturn: true
        }
      }
      payment_history: {
        Args: { p_event_id: string; p_from?: string; p_to?: string }
        Returns: Database["public"]["CompositeTypes"]["payment_event"][]
        SetofOptions: {
          from: "*"
          to: "payment_event"
          isOneToOne: false
          isSetofReturn: true
        }
      }
      payment_webhook: {
        Args: { "": Json }
        Returns: Database["public"]["CompositeTypes"]["payment_webhook_result"][]
        SetofOptions: {
          from: "*"
          to: "payment_webhook_result"
          isOneToOne: false
          isSetofReturn: true
        }
      }
      prune_history: { Args: { p_before: string }; Returns: Json }
      qr_code_svg: {
        Args: { p_data: string; p_size?: number }
        Returns: string
      }
      recount_ticket_tiers: {
        Args: { p_event_id: string }
        Returns: Database["public"]["CompositeTypes"]["ticket_inventory"][]
        SetofOptions: {
          from: "*"
          to: "ticket_inventory"
          isOneToOne: false
          isSetofReturn: true
        }
      }
      refund_payment: {
        Args: { p_payment_id: string }
        Returns: Database["public"]["CompositeTypes"]["payment_outcome"][]
        SetofOptions: {
          from: "*"
          to: "payment_outcome"
          isOneToOne: false
          isSetofReturn: true
        }
      }
      reissue_ticket: { Args: { p_registration_id: string }; Returns: string }
      release_booking: {
        Args: { p_booking_id: string; p_resource_type: string }
        Returns: undefined
      }
      release_expired_holds: {
        Args: { p_ticket_tier_id?: string }
        Returns: number
      }
      release_option: {
        Args: { p_option_id: string }
        Returns: Database["public"]["CompositeTypes"]["booking_option"][]
        SetofOptions: {
          from: "*"
          to: "booking_option"
          isOneToOne: false
          isSetofReturn: true
        }
      }
      reopen_ticket_tier: {
        Args: { p_ticket_tier_id: string }
        Returns: Database["public"]["CompositeTypes"]["ticket_tier_sale"]
        SetofOptions: {
          from: "*"
          to: "ticket_tier_sale"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      request_option: {
        Args: {
          p_end: string
          p_event_id: string
          p_expires_at?: string
          p_resource_id: string
          p_resource_type: string
          p_start: string
        }
        Returns: Database["public"]["CompositeTypes"]["booking_option"][]
        SetofOptions: {
          from: "*"
          to: "booking_option"
          isOneToOne: false
          isSetofReturn: true
        }
      }
      reserve_tickets: {
        Args: {
          p_attendee_email: string
          p_attendee_name: string
          p_idempotency_key?: string
          p_quantity: number
          p_ticket_tier_id: string
          p_user_id?: string
        }
        Returns: Database["public"]["CompositeTypes"]["ticket_reservation"][]
        SetofOptions: {
          from: "*"
          to: "ticket_reservation"
          isOneToOne: false
          isSetofReturn: true
        }
      }
      retire_signing_key: { Args: { p_key_id: string }; Returns: number }
      rotate_signing_key: { Args: Record<PropertyKey, never>; Returns: string }
      set_event_settings: {
        Args: {
          p_buyer_max_holds?: number
          p_buyer_max_tickets?: number
          p_buyer_max_tickets_per_tier?: number
          p_call_time_minutes?: number
          p_event_id: string
          p_hold_minutes?: number
          p_time_zone?: string
          p_waitlist_offer_minutes?: number
          p_walk_min_gap?: number
        }
        Returns: Database["public"]["CompositeTypes"]["event_settings_values"][]
        SetofOptions: {
          from: "*"
          to: "event_settings_values"
          isOneToOne: false
          isSetofReturn: true
        }
      }
      set_payment_webhook_secret: {
        Args: { p_provider: string; p_secret: string }
        Returns: string
      }
      set_walk_order: {
        Args: { p_event_id: string; p_event_model_ids: string[] }
        Returns: {
          created_at: string
          event_id: string
          fitting_status: string
          id: string
          is_closing: boolean
          is_opening: boolean
          model_profile_id: string
          walk_order: number | null
        }[]
        SetofOptions: {
          from: "*"
          to: "event_models"
          isOneToOne: false
          isSetofReturn: true
        }
      }
      subject_data: {
        Args: { p_email?: string; p_user_id?: string }
        Returns: Json
      }
      sync_door_scans: {
        Args: { p_event_id: string; p_scans: Json }
        Returns: Database["public"]["CompositeTypes"]["door_scan_result"][]
        SetofOptions: {
          from: "*"
          to: "door_scan_result"
          isOneToOne: false
          isSetofReturn: true
        }
      }
      take_waitlist_offers: {
        Args: { p_limit?: number }
        Returns: Database["public"]["CompositeTypes"]["waitlist_offer_notice"][]
        SetofOptions: {
          from: "*"
          to: "waitlist_offer_notice"
          isOneToOne: false
          isSetofReturn: true
        }
      }
      talent_names: {
        Args: { p_profile_ids: string[] }
        Returns: Database["public"]["CompositeTypes"]["talent_name"][]
        SetofOptions: {
          from: "*"
          to: "talent_name"
          isOneToOne: false
          isSetofReturn: true
        }
      }
      ticket_qr_svg: {
        Args: { p_registration_id: string; p_size?: number }
        Returns: string
      }
      ticket_signing_keys: {
        Args: Record<PropertyKey, never>
        Returns: Database["public"]["CompositeTypes"]["ticket_signing_key"][]
        SetofOptions: {
          from: "*"
          to: "ticket_signing_key"
          isOneToOne: false
          isSetofReturn: true
        }
      }
      ticket_tier_sales: {
        Args: { p_event_id: string }
        Returns: Database["public"]["CompositeTypes"]["ticket_tier_sale"][]
        SetofOptions: {
          from: "*"
          to: "ticket_tier_sale"
          isOneToOne: false
          isSetofReturn: true
        }
      }
      ticketing_health: {
        Args: Record<PropertyKey, never>
        Returns: Database["public"]["CompositeTypes"]["health_check"][]
        SetofOptions: {
          from: "*"
          to: "health_check"
          isOneToOne: false
          isSetofReturn: true
        }
      }
      transfer_ticket: {
        Args: {
          p_attendee_email: string
          p_attendee_name: string
          p_registration_id: string
          p_user_id?: string
        }
        Returns: string
      }
      undo_check_in: {
        Args: { p_registration_id: string }
        Returns: Database["public"]["CompositeTypes"]["registration_change"][]
        SetofOptions: {
          from: "*"
          to: "registration_change"
          isOneToOne: false
          isSetofReturn: true
        }
      }
      validate_walk_order: {
        Args: { p_event_id: string; p_min_gap?: number }
        Returns: Database["public"]["CompositeTypes"]["walk_order_violation"][]
        SetofOptions: {
          from: "*"
          to: "walk_order_violation"
          isOneToOne: false
          isSetofReturn: true
        }
      }
      verify_ticket: {
        Args: { p_token: string }
        Returns: Database["public"]["CompositeTypes"]["ticket_verification"][]
        SetofOptions: {
          from: "*"
          to: "ticket_verification"
          isOneToOne: false
          isSetofReturn: true
        }
      }
      waitlist_status: {
        Args: { p_entry_id?: string; p_token?: string }
        Returns: Database["public"]["CompositeTypes"]["waitlist_entry"][]
        SetofOptions: {
          from: "*"
          to: "waitlist_entry"
          isOneToOne: false
          isSetofReturn: true
        }
      }
    }
    Enums: {
      [_ in never]: never
    }
    CompositeTypes: {
      booking_conflict: {
        resource_type: string | null
        resource_id: string | null
        severity: string | null
        overlap_start: string | null
        overlap_end: string | null
        source_table: string | null
        source_id: string | null
        event_id: string | null
        starts_at: string | null
        ends_at: string | null
        status: string | null
        other_source_table: string | null
        other_source_id: string | null
        other_event_id: string | null
        other_starts_at: string | null
        other_ends_at: string | null
        other_status: string | null
      }
      booking_option: {
        option_id: string | null
        resource_type: string | null
        resource_id: string | null
        event_id: string | null
        starts_at: string | null
        ends_at: string | null
        status: string | null
        rank: number | null
        requested_rank: number | null
        expires_at: string | null
        requested_at: string | null
        promoted_at: string | null
        booking_id: string | null
        busy: boolean | null
      }
      check_in_result: {
        outcome: string | null
        registration_id: string | null
        attendee_name: string | null
        ticket_tier: string | null
        checked_in_at: string | null
        message: string | null
      }
      door_scan_result: {
        scan_index: number | null
        outcome: string | null
        reason: string | null
        registration_id: string | null
        attendee_name: string | null
        scanned_at: string | null
        gate: string | null
        first_scanned_at: string | null
        first_gate: string | null
        replayed: boolean | null
        displaced_scanned_at: string | null
        displaced_gate: string | null
      }
      event_listing: {
        event_id: string | null
        name: string | null
        description: string | null
        type: string | null
        status: string | null
        start_date: string | null
        end_date: string | null
        venue_name: string | null
        venue_address: string | null
        organization: string | null
        organization_slug: string | null
        tickets_left: number | null
        lowest_price: number | null
      }
      event_settings_values: {
        event_id: string | null
        time_zone: string | null
        walk_min_gap: number | null
        hold_minutes: number | null
        call_time_minutes: number | null
        buyer_max_tickets: number | null
        buyer_max_tickets_per_tier: number | null
        buyer_max_holds: number | null
        waitlist_offer_minutes: number | null
      }
      guest_ticket: {
        guest: number | null
        attendee_email: string | null
        attendee_name: string | null
        registration_id: string | null
        status: string | null
        qr_code_data: string | null
        payment_id: string | null
        issued: boolean | null
      }
      health_check: {
        check_name: string | null
        problems: number | null
        oldest: string | null
        detail: string | null
        hint: string | null
      }
      imported_ticket: {
        legacy_id: string | null
        registration_id: string | null
        payment_id: string | null
        status: string | null
        imported: boolean | null
      }
      my_ticket: {
        registration_id: string | null
        status: string | null
        qr_code_data: string | null
        attendee_name: string | null
        attendee_email: string | null
        checked_in_at: string | null
        reserved_at: string | null
        ticket_tier_id: string | null
        tier_name: string | null
        tier_type: string | null
        event_id: string | null
        event_name: string | null
        event_status: string | null
        start_date: string | null
        end_date: string | null
        venue_name: string | null
        venue_address: string | null
        organization: string | null
        organization_slug: string | null
        payment_id: string | null
        payment_status: string | null
        amount: number | null
        currency: string | null
        hold_expires_at: string | null
        exchanged_into: string | null
      }
      payment_event: {
        entry_id: number | null
        at: string | null
        payment_id: string | null
        registration_id: string | null
        ticket_tier_id: string | null
        status_before: string | null
        status: string | null
        amount: number | null
        currency: string | null
        provider: string | null
        provider_transaction_id: string | null
        reason: string | null
        webhook: string | null
        by_role: string | null
        by_user: string | null
      }
      payment_outcome: {
        payment_id: string | null
        payment_status: string | null
        registration_id: string | null
        registration_status: string | null
        changed: boolean | null
      }
      payment_webhook_result: {
        provider: string | null
        event_id: string | null
        event_type: string | null
        outcome: string | null
        payment_id: string | null
        payment_status: string | null
        registration_status: string | null
        changed: boolean | null
      }
      registration_change: {
        registration_id: string | null
        status: string | null
        changed: boolean | null
      }
      talent_name: {
        profile_id: string | null
        kind: string | null
        user_id: string | null
        full_name: string | null
        avatar_url: string | null
      }
      talent_schedule_item: {
        kind: string | null
        profile_id: string | null
        profile_kind: string | null
        source_id: string | null
        event_id: string | null
        event_name: string | null
        event_status: string | null
        organization_name: string | null
        time_zone: string | null
        starts_at: string | null
        ends_at: string | null
        local_start: string | null
        status: string | null
        rank: number | null
        location: string | null
      }
      ticket_exchange: {
        registration_id: string | null
        ticket_tier_id: string | null
        new_registration_id: string | null
        new_ticket_tier_id: string | null
        attendee_email: string | null
        exchanged_at: string | null
        exchanged_by: string | null
        price: number | null
        paid_before: number | null
        difference_payment_id: string | null
        difference: number | null
        difference_status: string | null
        ticket_now: string | null
        ticket_now_status: string | null
      }
      ticket_inventory: {
        event_id: string | null
        ticket_tier_id: string | null
        quantity_total: number | null
        quantity_sold: number | null
        live_registrations: number | null
      }
      ticket_reservation: {
        registration_id: string | null
        status: string | null
        qr_code_data: string | null
        payment_id: string | null
        amount: number | null
        currency: string | null
        hold_expires_at: string | null
      }
      ticket_signing_key: {
        key_id: string | null
        algorithm: string | null
        public_key: string | null
        created_at: string | null
      }
      ticket_tier_sale: {
        ticket_tier_id: string | null
        event_id: string | null
        name: string | null
        type: string | null
        price: number | null
        quantity_total: number | null
        quantity_sold: number | null
        tickets_left: number | null
        sale: string | null
        closed_at: string | null
        waiting: number | null
      }
      ticket_verification: {
        valid: boolean | null
        reason: string | null
        registration_id: string | null
        event_id: string | null
        status: string | null
        attendee_name: string | null
        checked_in_at: string | null
      }
      waitlist_entry: {
        entry_id: string | null
        ticket_tier_id: string | null
        event_id: string | null
        attendee_email: string | null
        attendee_name: string | null
        status: string | null
        position: number | null
        registration_id: string | null
        offer_expires_at: string | null
        joined_at: string | null
        claim_token: string | null
      }
      waitlist_offer_notice: {
        entry_id: string | null
        event_id: string | null
        event_name: string | null
        ticket_tier_id: string | null
        tier_name: string | null
        user_id: string | null
        attendee_email: string | null
        attendee_name: string | null
        offer_expires_at: string | null
      }
      walk_order_violation: {
        violation: string | null
        event_model_ids: string[] | null
        walk_orders: number[] | null
        message: string | null
      }
    }
  }
}

type DatabaseWithoutInternals = Omit<Database, "__InternalSupabase">

type DefaultSchema = DatabaseWithoutInternals[Extract<keyof Database, "public">]

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

export const Constants = {
  public: {
    Enums: {},
  },
} as const

